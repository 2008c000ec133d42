/// The key sequences a terminal's terminfo entry lists (`kf1`, `khome`, `kUP5`, …), for the
/// terminals whose keys are not in the forms `InputDecoder` knows by itself: the Linux console's
/// `ESC [ [ A` for F1, Sun's `ESC [ 224 z`, cons25's `ESC [ M`. A listed sequence wins over the
/// decoder's own reading of the same bytes.
public struct TerminfoKeys: Sendable, Equatable {
    public private(set) var keys: [[UInt8]: Key] = [:]
    /// Every proper prefix of a listed sequence that starts with ESC, so that the decoder keeps
    /// reading past what would otherwise end a sequence (the `[` of `ESC [ [ A`).
    public private(set) var prefixes: Set<[UInt8]> = []

    public static let none = TerminfoKeys()

    public init(_ keys: [[UInt8]: Key] = [:]) {
        for (bytes, key) in keys { add(bytes, key) }
    }

    /// The sequences of the capabilities `lookup` answers (by terminfo name); single bytes and
    /// sequences not starting with ESC are left to the decoder.
    public init(lookup: (String) -> [UInt8]?) {
        for (name, key) in Self.capabilities {
            guard let bytes = lookup(name) else { continue }
            add(bytes, key)
        }
    }

    /// Adds `other`'s sequences where this table has none of its own.
    mutating func merge(_ other: TerminfoKeys) {
        for (bytes, key) in other.keys { add(bytes, key) }
    }

    private mutating func add(_ bytes: [UInt8], _ key: Key) {
        guard bytes.count >= 2, bytes[0] == 0x1B, keys[bytes] == nil else { return }
        keys[bytes] = key
        for n in 2..<bytes.count { prefixes.insert(Array(bytes.prefix(n))) }
    }

    /// terminfo's key capabilities (terminfo(5), and ncurses' extended names for modified keys).
    static let capabilities: [(String, Key)] = {
        var list: [(String, Key)] = [
            ("kcuu1", .named(.up)), ("kcud1", .named(.down)), ("kcub1", .named(.left)), ("kcuf1", .named(.right)),
            ("khome", .named(.home)), ("kend", .named(.end)), ("kpp", .named(.pageUp)), ("knp", .named(.pageDown)),
            ("kich1", .named(.insert)), ("kdch1", .named(.delete)), ("kcbt", .named(.shiftTab)),
            ("kri", .named(.shiftUp)), ("kind", .named(.shiftDown)), ("kLFT", .named(.shiftLeft)), ("kRIT", .named(.shiftRight)),
            ("kHOM", .named(.shiftHome)), ("kEND", .named(.shiftEnd)), ("kPRV", .named(.shiftPageUp)), ("kNXT", .named(.shiftPageDown)),
            ("kUP5", .named(.ctrlUp)), ("kDN5", .named(.ctrlDown)), ("kLFT5", .named(.ctrlLeft)), ("kRIT5", .named(.ctrlRight)),
            ("kHOM5", .named(.ctrlHome)), ("kEND5", .named(.ctrlEnd)), ("kPRV5", .named(.ctrlPageUp)), ("kNXT5", .named(.ctrlPageDown)),
            ("kUP3", .named(.altUp)), ("kDN3", .named(.altDown)), ("kLFT3", .named(.altLeft)), ("kRIT3", .named(.altRight)),
            ("kHOM3", .named(.altHome)), ("kEND3", .named(.altEnd)), ("kPRV3", .named(.altPageUp)), ("kNXT3", .named(.altPageDown)),
        ]
        // F13 and up are the modified function keys, numbered as terminfo numbers them.
        list += (1...63).map { ("kf\($0)", .function($0)) }
        return list
    }()
}
