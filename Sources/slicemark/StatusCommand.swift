import Annotations
import ArgumentParser
import Foundation
import VolumeKit

extension Slicemark {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The worklist: per image who annotated it and how many records are draft, proposed, accepted, rejected or changed since review.",
            discussion: """
                Reads sidecars only (no image is opened) and writes nothing. --todo NAME lists what NAME \
                still has to do: as an annotator, images with nothing of theirs yet and records rejected \
                and sent back; as a reviewer, records not reviewed, changed since review or reopened \
                (docs/review.md).
                """)

        @Flag(name: .long, help: "JSON on stdout (keys in docs/review.md).")
        var json = false

        @Option(name: .long, help: ArgumentHelp("What NAME still has to do, in image order.", valueName: "NAME"))
        var todo: String?

        @Flag(name: .long, help: "With --todo: NAME's reviewing work, even before their first review.")
        var reviewer = false

        @Option(name: .long, help: ArgumentHelp("Where the sidecars are, when they were kept in DIR (as view --sidecar-dir).", valueName: "DIR"))
        var sidecarDir: String?

        @Argument(help: "Images or folders (scanned as the viewer scans them).")
        var paths: [String] = []

        func validate() throws {
            if paths.isEmpty { throw ValidationError("give the images or folders to report on") }
            if reviewer && todo == nil { throw ValidationError("--reviewer goes with --todo NAME") }
        }

        func run() throws {
            let worklist = try StatusScan.worklist(paths: paths, sidecarDirectory: sidecarDir)
            let list = todo.map { Todo(for: $0, in: worklist, roles: reviewer ? .reviewer : nil) }
            if json {
                Output.json(WorklistReport.json(worklist, todo: list).rendered().trimmingCharacters(in: .newlines))
            } else if let list {
                Output.print(WorklistReport.todoText(list, worklist).trimmingCharacters(in: .newlines))
            } else {
                Output.print(WorklistReport.table(worklist).trimmingCharacters(in: .newlines))
            }
            for image in worklist.images { if let problem = image.problem { Output.error(problem) } }
            if worklist.images.contains(where: { $0.problem != nil }) { throw ExitCode(1) }
        }
    }
}

/// Finding the images of the paths (as the viewer does) and reading their sidecars, for
/// `status` and `view --todo`.
enum StatusScan {
    static func worklist(paths: [String], sidecarDirectory: String?) throws -> Worklist {
        try Worklist(read(paths: paths, sidecarDirectory: sidecarDirectory).images)
    }

    static func read(paths: [String], sidecarDirectory: String?) throws -> (sources: [ImageSource], images: [WorklistImage]) {
        try CommandInputs.requireSidecarFolder(sidecarDirectory)
        try CommandInputs.requireExisting(paths)
        let sources = try CommandInputs.sources(paths)
        let directory = sidecarDirectory.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        return (sources, WorklistReading.read(sources, directory: directory))
    }
}
