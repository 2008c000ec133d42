import Annotations
import ArgumentParser
import Dataset
import Foundation
import VolumeKit

extension Slicemark {
    struct Predict: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run your own local model on each image and import what it writes as proposals.",
            discussion: """
            For each image, runs COMMAND through /bin/sh -c with {image} replaced by the image (a DICOM \
            series is handed over as a NIfTI file) and {out} by the file the model must write, both \
            shell-quoted; then imports {out} as proposals of MODEL (see slicemark import). Each run's \
            output is kept in a log file per image in --logs. A failing image is reported and the \
            others go on; the exit status is 1 when any failed. See docs/proposals.md.
            """)

        @Option(name: .long, help: ArgumentHelp("The model command, with {image} and {out} in it.", valueName: "COMMAND"))
        var command: String

        @Option(name: .customLong("as"), help: ArgumentHelp("The model's name, and its version.", valueName: "MODEL[@VERSION]"))
        var model: String

        @Option(name: .long, help: ArgumentHelp("What the model writes to {out}, by extension: .nii.gz (label map), .mrk.json, .csv or .json (COCO).", valueName: "EXT"))
        var output = ".nii.gz"

        @Option(name: .long, help: ArgumentHelp("What the label map's values are (as import --labels).", valueName: "FILE"))
        var labels: String?

        @Option(name: .long, help: ArgumentHelp("Seconds one image may take before its command is killed.", valueName: "S"))
        var timeout: Double = 600

        @Option(name: .long, help: ArgumentHelp("The folder for the per-image logs and the model's outputs (default: a new folder under $TMPDIR).", valueName: "DIR"))
        var logs: String?

        @Option(name: .long, help: "Who runs the model, for the audit log (default: $SLICEMARK_ANNOTATOR, else your login name).")
        var annotator: String?

        @Option(name: .long, help: ArgumentHelp("Keep the sidecars in DIR (as view --sidecar-dir).", valueName: "DIR"))
        var sidecarDir: String?

        @Option(help: ArgumentHelp("A file listing images or folders, one a line, to run the model on as well.", valueName: "LIST"))
        var filesFrom: String?

        @Option(help: ArgumentHelp("Only shard I of N (1-based) of the images, split by the hash of each image's path, for job arrays.", valueName: "I/N"))
        var shard: String?

        @Argument(help: "Images (DICOM, NIfTI/Analyze) or folders.")
        var paths: [String] = []

        func validate() throws {
            if case .failure(let error) = ProposalModel.parse(model) { throw ValidationError(error.description) }
            guard command.contains("{image}"), command.contains("{out}") else {
                throw ValidationError("--command must name {image} (the image handed over) and {out} (the file the model writes)")
            }
            guard ImportFormat.byName("x" + output) != nil, output.hasPrefix(".") else {
                throw ValidationError("--output \(output): use .nii.gz, .nii, .mrk.json, .csv or .json")
            }
            guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout \(timeout): use a number of seconds above 0") }
            if paths.isEmpty && filesFrom == nil { throw ValidationError("name at least one image or folder (or --files-from LIST)") }
            if let shard, (try? Shard(parsing: shard)) == nil { throw ValidationError("--shard \(shard): use I/N, 1 ≤ I ≤ N") }
        }

        /// The images named, those listed, and of them the shard's.
        func images() throws -> [ImageSource] {
            var roots = paths
            if let filesFrom {
                do { roots += try DatasetFiles.readList(filesFrom) } catch {
                    Output.error(error.description)
                    throw ExitCode(2)
                }
            }
            try CommandInputs.requireExisting(roots + (labels.map { [$0] } ?? []))
            let all = try CommandInputs.sources(roots)
            guard let shard, let part = try? Shard(parsing: shard) else { return all }
            return all.filter { part.contains(key: WorklistReading.displayPath($0)) }
        }

        func run() throws {
            guard case .success(let parsed) = ProposalModel.parse(model) else { throw ExitCode(2) }
            let sources = try images()
            guard !sources.isEmpty else {
                Output.error(shard == nil ? "no images found in \((paths + (filesFrom.map { [$0] } ?? [])).joined(separator: ", "))"
                                          : "no images in shard \(shard ?? "")")
                throw ExitCode(shard == nil ? 1 : 0)
            }
            let folder: String
            do {
                folder = try PredictRunner.logFolder(logs)
            } catch {
                Output.error("\(error)")
                throw ExitCode(1)
            }
            Output.error("predict: \(sources.count) image(s), logs and model outputs in \(folder)")
            let runner = PredictRunner(command: command, model: parsed, outputExtension: output, labels: labels,
                                       timeout: timeout, folder: folder, annotator: annotator, sidecarDirectory: sidecarDir)
            var failures = 0
            for (n, source) in sources.enumerated() {
                let name = PredictRunner.displayName(source)
                Output.error("predict: \(n + 1)/\(sources.count) \(name)…")
                switch runner.predict(source, number: n + 1) {
                case .success(let (outcome, seconds)):
                    Output.print(ProposalImporting.summary(outcome, model: parsed, image: name) + String(format: " (%.1f s)", seconds))
                    for note in outcome.notes { Output.error("predict: \(name): \(note)") }
                case .failure(let failure):
                    failures += 1
                    Output.error("predict: \(name): \(failure.description)")
                }
            }
            Output.error("predict: \(sources.count - failures) of \(sources.count) image(s) done, \(failures) failed; logs in \(folder)")
            if failures > 0 { throw ExitCode(1) }
        }
    }
}
