import Annotations
import ArgumentParser
import Foundation

extension Slicemark {
    struct Consensus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consensus annotator's records into each sidecar, from the other people's records.",
            discussion: """
            Landmarks at the mean of the matched positions (the spread is printed), image labels by \
            majority (ties are printed, no label written), label maps by per-voxel majority or STAPLE, \
            written as <image>.<NAME>.seg.nii.gz. The records are drafts of NAME for the reviewer; \
            running again replaces NAME's earlier consensus. See docs/agreement.md.
            """)

        @Option(name: .long, help: ArgumentHelp("The consensus annotator's name.", valueName: "NAME"))
        var `as`: String

        @Option(name: .long, help: "majority (per voxel; ties → 0) or staple (per label, as ITK's STAPLEImageFilter).")
        var method: String = "majority"

        @Option(name: .long, help: ArgumentHelp("Where the sidecars are, when they were kept in DIR (as view --sidecar-dir).", valueName: "DIR"))
        var sidecarDir: String?

        @Argument(help: "Images (DICOM, NIfTI/Analyze), their sidecars, or folders.")
        var paths: [String]

        func validate() throws {
            guard Annotations.Consensus.Method(rawValue: method) != nil else {
                throw ValidationError("--method \(method): use majority or staple")
            }
            let name = `as`.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 128, !name.contains(where: { $0.isNewline || $0 == "\u{0}" }) else {
                throw ValidationError("--as \(`as`): give the consensus annotator a name (one line, at most 128 characters)")
            }
            if paths.isEmpty { throw ValidationError("name at least one image or folder") }
        }

        func run() throws {
            let found = try AgreeInput.read(paths, sidecarDirectory: sidecarDir, command: "consensus")
            let consensus = Annotations.Consensus(name: `as`.trimmingCharacters(in: .whitespaces),
                                                  method: Annotations.Consensus.Method(rawValue: method)!, now: .now())
            var failed = !found.problems.isEmpty
            var written = 0
            for (n, image) in found.sidecars.enumerated() {
                let store = AnnotationStore(sidecarPath: image.sidecarPath, image: image.document.image, geometry: image.document.geometry)
                do {
                    let outcome = try consensus.apply(to: image, store: store)
                    if outcome.changed { written += 1 }
                    Output.print(Self.describe(outcome, method: consensus.method))
                } catch {
                    Output.error("consensus: \(image.name): \(error)")
                    failed = true
                }
                if found.sidecars.count > 1 { Output.error("consensus: \(n + 1)/\(found.sidecars.count) images") }
            }
            Output.error("consensus: \(written) of \(found.sidecars.count) sidecar(s) changed")
            if failed { throw ExitCode(1) }
        }

        static func describe(_ o: Annotations.Consensus.Outcome, method: Annotations.Consensus.Method) -> String {
            var lines = ["\(o.image):" + (o.changed ? "" : " (unchanged)")]
            for l in o.landmarks {
                lines.append(String(format: "  landmark %@: mean of %@, spread %.2f mm mean, %.2f mm max",
                                    l.name, l.annotators.joined(separator: ", "), l.meanMM, l.maxMM))
            }
            for l in o.labels { lines.append("  label \(l.labelSet): \(l.name)" + (l.slice.map { " (slice \($0 + 1))" } ?? "")) }
            for t in o.ties {
                let votes = t.votes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                lines.append("  tie in \(t.labelSet)" + (t.slice.map { " (slice \($0 + 1))" } ?? "") + ": \(votes); no label written")
            }
            if o.labelMap != nil {
                switch method {
                case .majority:
                    lines.append("  label map: per-voxel majority of \(o.labelMapAnnotators.joined(separator: ", ")); \(o.voxelTies ?? 0) tied voxel(s) set to 0")
                case .staple:
                    let its = o.stapleIterations.sorted { $0.key < $1.key }.map { "label \($0.key) \($0.value)" }.joined(separator: ", ")
                    lines.append("  label map: STAPLE of \(o.labelMapAnnotators.joined(separator: ", ")) (iterations: \(its); stops when p and q change by at most 1e-7, at most \(Annotations.STAPLE.defaultMaximumIterations))")
                }
            }
            if lines.count == 1 { lines.append("  nothing two people annotated alike") }
            return lines.joined(separator: "\n")
        }
    }
}
