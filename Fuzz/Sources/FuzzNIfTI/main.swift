import FuzzSupport
import VolumeKit

/// The whole NIfTI/Analyze reader on a file: the first byte picks `.nii`, `.nii.gz` (the rest
/// is the gzip stream) or an Analyze `.hdr`/`.img` pair (header = the first 348 bytes).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNIfTI(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let data = UnsafeRawBufferPointer(start: start, count: count)
    guard let choice = data.first else { return 0 }
    let rest = UnsafeRawBufferPointer(rebasing: data[1...])
    let path: String
    switch choice % 3 {
    case 0: path = FuzzSupport.write(rest, to: FuzzSupport.scratchPath("input.nii"))
    case 1: path = FuzzSupport.write(rest, to: FuzzSupport.scratchPath("input.nii.gz"))
    default:
        let split = min(348, rest.count)
        path = FuzzSupport.write(UnsafeRawBufferPointer(rebasing: rest[..<split]), to: FuzzSupport.scratchPath("input.hdr"))
        FuzzSupport.write(UnsafeRawBufferPointer(rebasing: rest[split...]), to: FuzzSupport.scratchPath("input.img"))
    }
    if let volume = try? VolumeLoader.load(path: path) {
        _ = volume.statistics()
        _ = volume.slice(.axial, index: 0)
    }
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzNIfTI)
