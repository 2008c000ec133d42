import FuzzSupport
@testable import VolumeKit

/// The gzip reader (libdeflate, with zlib for multi-member streams) on a `.gz` file: the
/// header prefix the NIfTI reader asks for, then a full inflate.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let path = FuzzSupport.write(UnsafeRawBufferPointer(start: start, count: count), to: FuzzSupport.scratchPath("input.gz"))
    guard let file = try? GzipFile(path: path) else { return 0 }
    _ = try? file.prefix(352)
    _ = try? file.inflate(voxelsAt: 0, byteCount: min(count * 8, 1 << 24), describe: "fuzz bytes")
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzGzip)
