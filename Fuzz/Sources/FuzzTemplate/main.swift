import FuzzSupport
import Annotations

/// The landmark-template loader (`--landmarks FILE`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let path = FuzzSupport.write(UnsafeRawBufferPointer(start: start, count: count), to: FuzzSupport.scratchPath("template.json"))
    _ = try? LandmarkTemplate.load(path: path)
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzTemplate)
