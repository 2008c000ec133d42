import Annotations
import ArgumentParser
import Dataset
import Foundation

extension Slicemark {
    struct Agree: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Agreement between every pair of annotators: landmarks, image labels, label maps and ROIs.",
            discussion: """
            Reads the sidecars of the images given (folders are scanned) and the label maps they name; \
            never the images' pixels, and writes nothing. Prints a table, or with --json the figures of \
            every pair with the images that entered each and the conventions. See docs/agreement.md.
            """)

        @Flag(name: .long, help: "Print JSON instead of a table.")
        var json = false

        @Option(name: .long, help: ArgumentHelp("Where the sidecars are, when they were kept in DIR (as view --sidecar-dir).", valueName: "DIR"))
        var sidecarDir: String?

        @Argument(help: "Images (DICOM, NIfTI/Analyze), their sidecars, or folders.")
        var paths: [String]

        func validate() throws {
            if paths.isEmpty { throw ValidationError("name at least one image or folder") }
        }

        func run() throws {
            let images = try AgreeInput.read(paths, sidecarDirectory: sidecarDir, command: "agree")
            var study = AgreementStudy()
            for (n, image) in images.sidecars.enumerated() {
                study.add(image)
                if images.sidecars.count >= 50, (n + 1) % 50 == 0 || n + 1 == images.sidecars.count {
                    Output.error("agree: \(n + 1)/\(images.sidecars.count) sidecars")
                }
            }
            var report = study.report()
            report.problems = images.problems + report.problems
            if json {
                Output.json(report.json().rendered().trimmingCharacters(in: .newlines))
            } else {
                Output.print(report.table())
            }
        }
    }
}

/// The sidecars of the paths given to `agree` and `consensus`, read; those that cannot be read
/// are reported on stderr and named in the report.
enum AgreeInput {
    struct Found {
        var sidecars: [AgreementImage]
        var problems: [String]
    }

    /// With `sidecarDirectory`, the images found under `paths` are looked up there (their
    /// sidecars' names, as the viewer gives them with `--sidecar-dir`).
    static func read(_ paths: [String], sidecarDirectory: String? = nil, command: String) throws -> Found {
        let sidecarPaths: [String]
        if let sidecarDirectory {
            try CommandInputs.requireSidecarFolder(sidecarDirectory)
            try CommandInputs.requireExisting(paths)
            let directory = URL(fileURLWithPath: sidecarDirectory).standardizedFileURL.path
            sidecarPaths = try CommandInputs.sources(paths)
                .map { WorklistReading.sidecarPath(of: $0, directory: directory) }
                .filter { FileManager.default.fileExists(atPath: $0) }
        } else {
            let files: DatasetFiles
            do {
                files = try DatasetFiles.collect(paths: paths)
            } catch {
                Output.error("\(error)")
                throw ExitCode(1)
            }
            let named = Set(files.files.filter { $0.key == $0.path }.map(\.path))
            sidecarPaths = AgreementImage.sidecars(found: files.files.map(\.path), namedDirectly: named)
        }
        var found = Found(sidecars: [], problems: [])
        for path in sidecarPaths {
            do {
                found.sidecars.append(try AgreementImage.read(sidecar: path))
            } catch {
                Output.error("\(command): \(error.description)")
                found.problems.append(error.description)
            }
        }
        if found.sidecars.isEmpty && found.problems.isEmpty {
            Output.error("\(command): no sidecar found in \(paths.joined(separator: ", ")): nothing has been annotated there")
            throw ExitCode(1)
        }
        return found
    }
}
