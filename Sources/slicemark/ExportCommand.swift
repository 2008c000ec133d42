import Annotations
import ArgumentParser
import Foundation
import VolumeKit

extension Slicemark {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export annotations for training code: csv, slicer, coco, nnunet, monai, labelmap.",
            discussion: """
            Reads the sidecars of the images given (folders are scanned) and writes the records that \
            pass every filter under --out, with export-manifest.json naming every input by SHA-256. \
            Proposals go out only with --status proposed. See docs/export.md.
            """)

        @Option(name: .long, help: "csv, slicer, coco, nnunet, monai or labelmap.")
        var format: String

        @Option(name: .long, help: ArgumentHelp("The folder the export is written to (created if missing).", valueName: "PATH"))
        var out: String

        @Option(name: .long, help: "Only this annotator's records. Repeatable.")
        var annotator: [String] = []

        @Option(name: .long, help: "Only records with this label (an image label as NAME or SET:NAME; a segment's name). Repeatable.")
        var label: [String] = []

        @Option(name: .long, help: "Only this kind: landmark, rectangle, ellipse, polygon, distance, angle, cobb, label, segmentation. Repeatable.")
        var kind: [String] = []

        @Option(name: .long, help: "Only this status: human, proposed, accepted, rejected (default: human and accepted). Repeatable.")
        var status: [String] = []

        @Option(name: .long, help: "Only this review state: not-reviewed, changed-since-review, accept, fix-accept, reject, reopen. Repeatable.")
        var review: [String] = []

        @Option(name: .long, help: ArgumentHelp("Only records modified at or after TIME (ISO 8601, e.g. 2026-11-30 or 2026-11-30T12:00:00Z).", valueName: "TIME"))
        var since: String?

        @Flag(name: .long, help: "labelmap: merge each image's label maps into one, one value per annotator.")
        var merge = false

        @Option(name: .long, help: "coco: the window width of the PNGs (with --level; default: the window the viewer opens with).")
        var window: Double?

        @Option(name: .long, help: "coco: the window centre of the PNGs (with --window).")
        var level: Double?

        @Option(name: .long, help: "coco: PNGs in an intensity normalisation view of each image: none, minmax, p1-99 or zscore.")
        var normalize: String?

        @Option(name: .long, help: "nnunet: the dataset number (Dataset<ID>_<Name>).")
        var datasetId = 1

        @Option(name: .long, help: "nnunet: the dataset name (Dataset<ID>_<Name>).")
        var datasetName = "slicemark"

        @Option(name: .long, help: ArgumentHelp("Where the sidecars are, when they were kept in DIR (as view --sidecar-dir).", valueName: "DIR"))
        var sidecarDir: String?

        @Flag(name: .long, help: "Print what would be exported and write nothing.")
        var dryRun = false

        @Argument(help: "Images (DICOM, NIfTI/Analyze) or folders.")
        var paths: [String]

        func filter() throws -> ExportFilter {
            var sinceTime: Timestamp?
            if let since {
                guard let t = Timestamp(iso8601: since) ?? Timestamp(iso8601: since + "T00:00:00Z")
                        ?? Timestamp(iso8601: since + "Z") else {
                    throw ValidationError("--since \(since): use an ISO 8601 time, e.g. 2026-11-30 or 2026-11-30T12:00:00Z")
                }
                sinceTime = t
            }
            let filter = ExportFilter(annotators: annotator, labels: label, kinds: kind, statuses: status,
                                      reviewStates: review, since: sinceTime)
            if let problem = filter.problem() { throw ValidationError(problem) }
            return filter
        }

        func validate() throws {
            guard ExportFormat(rawValue: format) != nil else {
                throw ValidationError("--format \(format): use one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            _ = try filter()
            if merge, format != "labelmap" { throw ValidationError("--merge is for --format labelmap") }
            guard (0...999).contains(datasetId) else { throw ValidationError("--dataset-id \(datasetId): use 0 to 999") }
            guard !datasetName.isEmpty, datasetName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw ValidationError("--dataset-name \(datasetName): use letters, digits and -")
            }
            if (window == nil) != (level == nil) { throw ValidationError("--window and --level go together") }
            if let window, !(window > 0) || !window.isFinite { throw ValidationError("--window \(window): use a width above 0") }
            if window != nil, format != "coco" { throw ValidationError("--window and --level are for --format coco") }
            if let normalize {
                guard IntensityNormalization(rawValue: normalize.lowercased()) != nil else {
                    throw ValidationError("--normalize \(normalize): use one of \(IntensityNormalization.names.replacingOccurrences(of: "|", with: ", "))")
                }
                if format != "coco" { throw ValidationError("--normalize is for --format coco") }
                if window != nil, normalize.lowercased() != "none" { throw ValidationError("--normalize sets the window; give it without --window and --level") }
            }
            if paths.isEmpty { throw ValidationError("name at least one image or folder to export") }
        }

        func run() throws {
            try CommandInputs.requireSidecarFolder(sidecarDir)
            try CommandInputs.requireExisting(paths)
            let request = ExportRequest(
                format: ExportFormat(rawValue: format)!, out: out, filter: try filter(), dryRun: dryRun,
                commandLine: ["slicemark"] + Array(CommandLine.arguments.dropFirst()), version: SlicemarkVersion.current,
                sidecarDirectory: sidecarDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path }, merge: merge,
                datasetID: datasetId, datasetName: datasetName,
                window: window.flatMap { w in level.map { WindowLevel(center: $0, width: w, name: "export") } })
            var normalized = request
            normalized.normalization = normalize.flatMap { IntensityNormalization(rawValue: $0.lowercased()) } ?? .none
            let sources = try CommandInputs.sources(paths)
            let exporter = Exporter(normalized)
            let failed: Bool
            do {
                failed = try exportAll(sources, with: exporter)
            } catch {
                Output.error(error.description)
                throw ExitCode(error.isUsage ? 2 : 1)
            }
            if dryRun {
                for file in exporter.writer.written {
                    Output.print("would write \((exporter.writer.root as NSString).appendingPathComponent(file.path)) (\(file.bytes) bytes)")
                }
            } else {
                Output.error("export: \(exporter.exportedImages) image(s), \(exporter.writer.written.count) file(s) in \(exporter.writer.root)")
                recordInAuditLogs(exporter)
            }
            if failed { throw ExitCode(1) }
        }

        /// One `export` line per record exported in each image's audit log: which version went
        /// out, in what format, where. An image whose folder cannot be written is said, not fatal.
        func recordInAuditLogs(_ exporter: Exporter) {
            let who = Annotator.resolve(option: nil, environment: ProcessInfo.processInfo.environment)
            let now = Timestamp.now()
            for exported in exporter.exportedRecords {
                let store = AnnotationStore(sidecarPath: exported.sidecarPath, image: exported.document.image,
                                            geometry: exported.document.geometry)
                let events = AuditEvent.recordEvents(exported.ids, in: exported.document, action: .export, format: format,
                                                     destination: exporter.writer.root, annotator: who, time: now)
                do {
                    try store.appendAudit(events)
                } catch {
                    Output.error("export: not recorded in the audit log of \(exported.sidecarPath): \(error)")
                }
            }
        }

        /// Adds every image to the export (progress on stderr when there are several), then
        /// finishes it. Returns whether an image could not be read.
        func exportAll(_ sources: [ImageSource], with exporter: Exporter) throws(ExportError) -> Bool {
            var failed = false
            let showProgress = sources.count > 1
            for (n, source) in sources.enumerated() {
                switch ExportInput.open(source, sidecarDirectory: exporter.request.sidecarDirectory) {
                case .image(let image):
                    let taken = try exporter.add(image)
                    if dryRun { Output.print("\(image.path): \(taken) record(s)") }
                case .noSidecar(let path):
                    exporter.skip(path, reason: "no sidecar")
                    if dryRun { Output.print("\(path): no sidecar") }
                case .failed(let path, let message):
                    exporter.skip(path, reason: message)
                    Output.error(message)
                    failed = true
                }
                if showProgress { Output.error("export: \(n + 1)/\(sources.count) images") }
            }
            try exporter.finish()
            return failed
        }
    }
}
