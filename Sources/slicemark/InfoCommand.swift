import ArgumentParser
import Foundation
import VolumeKit

extension Slicemark {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print what was read from an image: format, dimensions, geometry, statistics.")

        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false

        @Argument(help: "A DICOM file, a NIfTI/Analyze file, or a folder.")
        var path: String

        func run() throws {
            try failingCleanly {
                let sources = try VolumeLoader.sources(at: path)
                let reports = try sources.map { source -> VolumeReport in
                    VolumeReport(volume: try VolumeLoader.load(source))
                }
                if json {
                    let objects = reports.map(\.jsonObject)
                    let value: Any = objects.count == 1 ? objects[0] : objects
                    let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
                    print(String(decoding: data, as: UTF8.self))
                } else {
                    print(reports.map(\.text).joined(separator: "\n\n"))
                }
            }
        }
    }
}
