import FuzzSupport
@testable import VolumeKit

/// The NIfTI-1/NIfTI-2/Analyze header parser and the extension reader, in memory.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNIfTIHeader(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    if let header = try? NIfTIHeaderParser.parse(bytes, path: "fuzz.nii") {
        _ = NIfTIExtension.parse(bytes, headerSize: header.kind.headerSize, bigEndian: header.bigEndian)
    }
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzNIfTIHeader)
