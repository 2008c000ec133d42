import FuzzSupport
import TUI

/// The terminal input decoder: any bytes, cut at any point, give the same events, and no key
/// is ever a control character.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInputDecoder(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    var whole = InputDecoder()
    let events = whole.feed(bytes) + whole.flush()
    let cut = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    var split = InputDecoder()
    let again = split.feed(bytes[..<cut]) + split.feed(bytes[cut...]) + split.flush()
    precondition(events == again, "cutting the input at \(cut) changed the events")
    for case .key(let key) in events {
        switch key {
        case .character(let c), .alt(let c):
            precondition(!c.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                         "a control character became a key")
        default: break
        }
    }
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzInputDecoder)
