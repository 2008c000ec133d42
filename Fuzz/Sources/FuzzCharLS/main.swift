import FuzzSupport
@testable import VolumeKit

/// `JPEGLSDecoder` on one frame: 8 bytes of frame description (see `FuzzSupport.frameDescription`),
/// then the compressed frame.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    FuzzSupport.decodeFrame(UnsafeRawBufferPointer(start: start, count: count), transferSyntax: "1.2.840.10008.1.2.4.80") {
        try JPEGLSDecoder().decode($0, $1)
    }
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzz)
