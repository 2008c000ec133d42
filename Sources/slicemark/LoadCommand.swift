import ArgumentParser
import Foundation
import VolumeKit

extension Slicemark {
    /// Reads an image the way the viewer does and stops at the first frame: the benchmark suite
    /// times this as a whole process against pydicom, SimpleITK and nibabel.
    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read an image and its middle axial slice, then exit (for benchmarks).",
            shouldDisplay: false)

        @Flag(name: .long, help: "Also print the sum of every voxel after rescale, to check the read.")
        var sum = false

        @Argument(help: "A DICOM file, a NIfTI/Analyze file, or a folder holding one image.")
        var path: String

        func run() throws {
            try failingCleanly {
                let volume = try VolumeLoader.load(path: path)
                // The first frame the viewer would draw: for a memory-mapped file this is what
                // actually pages voxels in, so a lazy read is timed honestly.
                let layout = volume.layout(.axial)
                let frame = volume.slice(.axial, index: layout.sliceCount / 2)
                var line = "dimensions \(volume.dimensions.map(String.init).joined(separator: " "))"
                line += " type \(volume.voxelType.rawValue) frame \(frame.width)x\(frame.height)"
                if sum { line += " sum \(VoxelSum(volume).description)" }
                Output.print(line)
            }
        }
    }
}
