import FuzzSupport
import VolumeKit

/// A label map as slicemark reads one back (`<image>.<annotator>.seg.nii.gz`): a gzipped NIfTI
/// read whole, every voxel visited, its values counted as labels.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLabelMap(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let path = FuzzSupport.write(UnsafeRawBufferPointer(start: start, count: count),
                                 to: FuzzSupport.scratchPath("input.seg.nii.gz"))
    guard let volume = try? VolumeLoader.load(path: path) else { return 0 }
    var labels = Set<Double>()
    for k in 0..<volume.depth { for j in 0..<volume.height { for i in 0..<volume.width {
        if labels.count < 1024 { labels.insert(volume.value(i, j, k)) }
    } } }
    _ = volume.statistics()
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzLabelMap)
