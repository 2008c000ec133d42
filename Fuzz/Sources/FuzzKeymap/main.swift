import FuzzSupport
@testable import TUI

/// The keymap file parser, then the file laid over the default keymap (what `--keymap` does).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKeymap(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    guard let file = try? Keymap.parse(text, source: "fuzz.json") else { return 0 }
    let keymap = KeymapLoader.defaultKeymap.overridden(by: file, source: "fuzz.json")
    _ = ActionList.text(keymap)
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzKeymap)
