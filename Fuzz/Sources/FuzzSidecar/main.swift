import FuzzSupport
@testable import Annotations

/// The sidecar decoder (schema probe, then the whole document); a document that decodes must
/// encode again and decode to the same document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSidecar(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard let document = try? SidecarCoding.decode(bytes, path: "fuzz.annotations.json") else { return 0 }
    let encoded = try! SidecarCoding.encode(document, path: "fuzz.annotations.json")
    let again = try! SidecarCoding.decode(encoded, path: "fuzz.annotations.json")
    precondition(again == document, "a sidecar changed in an encode/decode round trip")
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzSidecar)
