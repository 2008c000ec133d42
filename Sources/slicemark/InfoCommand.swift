import ArgumentParser
import Foundation
import VolumeKit

extension Slicemark {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what was read from an image: format, dimensions, geometry, statistics.")

        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false

        @Argument(help: "DICOM files, NIfTI/Analyze files, or folders.")
        var paths: [String]

        func validate() throws {
            if paths.isEmpty { throw ValidationError("give a file or folder to read") }
        }

        func run() throws {
            var someFailed = false
            try failingCleanly {
                var sources: [ImageSource] = []
                for path in paths {
                    do {
                        sources += try VolumeLoader.sources(at: path)
                    } catch let error as VolumeKitError {
                        if paths.count == 1 { throw error }
                        reportError(error)
                        someFailed = true
                    }
                }
                // In a folder, one image that fails to open is reported and the others still are.
                var reports: [VolumeReport] = []
                for source in sources {
                    do {
                        reports.append(VolumeReport(volume: try VolumeLoader.load(source)))
                    } catch let error as VolumeKitError {
                        if sources.count == 1 { throw error }
                        reportError(error)
                        someFailed = true
                    }
                }
                if reports.isEmpty { return }
                if json {
                    let objects = reports.map(\.jsonObject)
                    // One image: its object; several (a folder, several paths): an array.
                    let value: Any = sources.count == 1 && paths.count == 1 ? objects[0] : objects
                    let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                    Output.json(String(decoding: data, as: UTF8.self))
                } else {
                    Output.print(reports.map(\.text).joined(separator: "\n\n"))
                }
            }
            if someFailed { throw ExitCode(1) }
        }
    }
}
