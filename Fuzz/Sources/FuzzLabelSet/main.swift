import FuzzSupport
import Annotations

/// The label-set loader (`--labels FILE`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLabelSet(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let path = FuzzSupport.write(UnsafeRawBufferPointer(start: start, count: count), to: FuzzSupport.scratchPath("labels.json"))
    if let set = try? LabelSet.load(path: path) { _ = set.labels.map { $0.rgb } }
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzLabelSet)
