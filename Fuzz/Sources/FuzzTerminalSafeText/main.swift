import Foundation
import FuzzSupport
import VolumeKit

/// Terminal-safe text: no unsafe scalar survives `make`, and `jsonEscaped` JSON decodes to the
/// very string that was encoded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTerminalSafeText(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    let safe = TerminalSafeText.make(text)
    precondition(!safe.unicodeScalars.contains(where: TerminalSafeText.isUnsafe), "an unsafe scalar survived")
    let json = String(decoding: try! JSONEncoder().encode([text]), as: UTF8.self)
    let escaped = TerminalSafeText.jsonEscaped(json)
    precondition(!escaped.unicodeScalars.contains { TerminalSafeText.isUnsafe($0) && $0 != "\n" })
    let back = try! JSONDecoder().decode([String].self, from: Data(escaped.utf8))
    precondition(back == [text], "escaping changed the JSON's string")
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzTerminalSafeText)
