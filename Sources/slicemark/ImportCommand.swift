import Annotations
import ArgumentParser
import Foundation
import VolumeKit

extension Slicemark {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a model's output for one image as proposals: a label map, .mrk.json, CSV of points or COCO file.",
            discussion: """
            Every record arrives as a proposal of the model (its name as annotator, the version and any \
            score in its source, status proposed), for a person to accept, fix or reject in the viewer. \
            Importing the same file again adds nothing. A file for another image is refused. See docs/proposals.md.
            """)

        @Option(name: .customLong("as"), help: ArgumentHelp("The model the file comes from, and its version.", valueName: "MODEL[@VERSION]"))
        var model: String

        @Option(name: .long, help: ArgumentHelp("What the label map's values are: a dataset.json (nnU-Net, TotalSegmentator), an ITK-SNAP .txt or a Slicer colour table.", valueName: "FILE"))
        var labels: String?

        @Option(name: .long, help: "Who runs the import, for the audit log (default: $SLICEMARK_ANNOTATOR, else your login name).")
        var annotator: String?

        @Option(name: .long, help: ArgumentHelp("Keep the sidecar in DIR (as view --sidecar-dir).", valueName: "DIR"))
        var sidecarDir: String?

        @Argument(help: "The model's output: .nii/.nii.gz label map, .mrk.json, .csv, or COCO .json.")
        var file: String

        @Argument(help: "The image it is for (a file, or a DICOM series' folder).")
        var image: String

        func validate() throws {
            if case .failure(let error) = ProposalModel.parse(model) { throw ValidationError(error.description) }
        }

        func run() throws {
            guard case .success(let parsed) = ProposalModel.parse(model) else { throw ExitCode(2) }
            try CommandInputs.requireExisting([file, image] + (labels.map { [$0] } ?? []))
            do {
                let outcome = try ProposalImporting.importFile(file, for: image, model: parsed, labels: labels,
                                                               annotator: annotator, sidecarDirectory: sidecarDir)
                Output.print(ProposalImporting.summary(outcome, model: parsed, image: image))
                for note in outcome.notes { Output.error("import: \(note)") }
            } catch let error as ImportError {
                Output.error(error.description)
                throw ExitCode(error.isUsage ? 2 : 1)
            } catch let error as ProposalImporting.ImageError {
                Output.error(error.description)
                throw ExitCode(1)
            }
        }
    }
}

/// What `import` and `predict` share: opening the image and its sidecar store, importing one
/// file into it, and saying what happened.
enum ProposalImporting {
    struct ImageError: Error, CustomStringConvertible {
        var description: String
    }

    /// The one image at `path` (a file, or a folder holding one series).
    static func source(_ path: String) throws(ImageError) -> ImageSource {
        let sources: [ImageSource]
        do {
            sources = try ExportInput.sources([path])
        } catch {
            throw ImageError(description: "\(error)")
        }
        guard sources.count == 1, let source = sources.first else {
            throw ImageError(description: sources.isEmpty ? "\(path): no image found"
                             : "\(path) holds \(sources.count) images; name one of them (a file, or one series' folder)")
        }
        return source
    }

    static func importFile(_ file: String, for image: String, model: ProposalModel, labels: String?, annotator: String?,
                           sidecarDirectory: String?) throws -> ProposalImport.Outcome {
        let source = try source(image)
        let volume: Volume
        do {
            volume = try VolumeLoader.load(source)
        } catch {
            throw ImageError(description: "\(error)")
        }
        return try importFile(file, volume: volume, displayName: image, model: model, labels: labels, annotator: annotator,
                              sidecarDirectory: sidecarDirectory)
    }

    static func importFile(_ file: String, volume: Volume, displayName: String, model: ProposalModel, labels: String?,
                           annotator: String?, sidecarDirectory: String?) throws -> ProposalImport.Outcome {
        let store: AnnotationStore
        do {
            store = try AnnotationStore(volume: volume, sidecarDirectory: sidecarDirectory)
        } catch {
            throw ImportError.store(error)
        }
        let target = ImportTarget(volume: volume, displayName: displayName, sidecarPath: store.sidecarPath)
        return try ProposalImport.run(file: file, target: target, store: store, model: model, labels: labels,
                                      by: Annotator.resolve(option: annotator), now: .now())
    }

    /// "ct.nii.gz: 3 proposals of model@2 imported (2 landmark, 1 distance); 1 already there".
    static func summary(_ outcome: ProposalImport.Outcome, model: ProposalModel, image: String) -> String {
        let kinds = outcome.added.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        var line = "\(image): \(outcome.addedCount) proposal\(outcome.addedCount == 1 ? "" : "s") of \(model.description) imported"
        if !kinds.isEmpty { line += " (\(kinds))" }
        if outcome.alreadyThere > 0 { line += "; \(outcome.alreadyThere) already there from an earlier import" }
        if let map = outcome.labelMapFile { line += "; label map \(map)" }
        return line
    }
}
