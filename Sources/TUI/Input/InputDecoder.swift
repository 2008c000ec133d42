/// The terminal's input bytes → events, as a pure state machine: feed it bytes in any
/// pieces, get keys, mouse events and terminal replies; no terminal needed to test it.
///
/// Escape sequences are decoded whole (ECMA-48: `ESC [` parameters, intermediates, final
/// byte; `ESC O x`; strings `ESC ] … BEL|ST`, `ESC P … ST`, `ESC _ … ST`), in the forms
/// xterm, tmux, rxvt, VTE and kitty send, with xterm's modifier parameter
/// (`ESC [ 1 ; 5 A` is Ctrl-Up). What a terminal answers (cursor reports, device
/// attributes, OSC, DCS and kitty graphics replies) comes out as `.reply`, never as keys. A
/// sequence that names no key comes out whole as `.unknownSequence("ESC [ 99 ~")`.
///
/// `ESC` followed by a character is Alt plus that character. `ESC` alone is Escape only once
/// no more bytes came within the escape delay: the caller waits `wait`'s time, then calls
/// `flush()`.
///
/// Conventions where sequences collide: `ESC [ 1 ; m R` (m = 2…16) is F3 with modifiers as
/// xterm sends it, any other `ESC [ r ; c R` a cursor position report. The viewer never asks
/// for one, so a report from text that slipped past is dropped either way.
public struct InputDecoder: Sendable {
    /// How long the caller should wait for more bytes before calling `flush()`.
    public enum Wait: Sendable, Equatable {
        /// Nothing is pending.
        case none
        /// An `ESC` (or `ESC [`, `ESC O`) that may be a key by itself: a short delay (ESCDELAY).
        case escape
        /// Part of a sequence no person types: a longer delay, for sequences split on a slow link.
        case sequence

        public var milliseconds: Int? {
            switch self {
            case .none: return nil
            case .escape: return InputDecoder.escapeDelayMilliseconds
            case .sequence: return InputDecoder.sequenceDelayMilliseconds
            }
        }
    }

    public static let escapeDelayMilliseconds = 30
    public static let sequenceDelayMilliseconds = 300
    /// Longer parameter lists or strings are consumed but not kept.
    static let sequenceLimit = 64
    static let stringLimit = 4096

    private enum State: Sendable, Equatable {
        case ground
        case escape
        case csi
        case ss3
        case controlString(TerminalReply.ControlString, sawEscape: Bool)
        case x10Mouse
        case utf8(needed: Int, alt: Bool)
        /// Reading on past a sequence's usual end because the terminal's terminfo entry lists a
        /// longer one (`sequence` holds all of it from the ESC).
        case listed
    }

    private var state = State.ground
    /// Bytes after the introducer (`ESC [`, `ESC O`, `ESC ]`, …), or of a partial UTF-8 character.
    private var sequence: [UInt8] = []
    private var overflowed = false

    /// The sequences the terminal's terminfo lists, and the Linux console's F1–F5 (`ESC [ [ A`…),
    /// which no terminfo-less decoding reads whole.
    private let listed: TerminfoKeys

    public init(terminfo: TerminfoKeys = .none) {
        var table = terminfo
        table.merge(Self.linuxConsole)
        self.init(table: table)
    }

    private init(table: TerminfoKeys) {
        listed = table
    }

    static let linuxConsole = TerminfoKeys(Dictionary(uniqueKeysWithValues: (1...5).map {
        ([0x1B, 0x5B, 0x5B, UInt8(0x40 + $0)], Key.function($0))
    }))

    public var wait: Wait {
        switch state {
        case .ground: return .none
        case .escape: return .escape
        case .csi, .ss3: return sequence.isEmpty ? .escape : .sequence
        case .controlString(_, let sawEscape): return sequence.isEmpty && !sawEscape ? .escape : .sequence
        case .x10Mouse, .utf8: return .sequence
        // `ESC [` or `ESC O` may still be Alt-[ or Alt-O.
        case .listed: return sequence.count <= 2 ? .escape : .sequence
        }
    }

    /// Decodes `bytes`; a sequence cut at the end is kept for the next call.
    public mutating func feed<S: Sequence>(_ bytes: S) -> [InputEvent] where S.Element == UInt8 {
        var out: [InputEvent] = []
        for byte in bytes { process(byte, &out) }
        return out
    }

    /// No more bytes came: whatever is pending is complete as it stands (a lone `ESC` is
    /// Escape, `ESC [` is Alt-[, a cut sequence is unknown).
    public mutating func flush() -> [InputEvent] {
        var out: [InputEvent] = []
        switch state {
        case .ground: break
        case .escape: out.append(.key(.named(.escape)))
        case .csi:
            out.append(sequence.isEmpty ? .key(.alt("[")) : .unknownSequence(spelled(introducer: 0x5B, sequence)))
        case .ss3:
            out.append(sequence.isEmpty ? .key(.alt("O")) : .unknownSequence(spelled(introducer: 0x4F, sequence)))
        case .controlString(let kind, let sawEscape):
            if sequence.isEmpty && !sawEscape {
                out.append(.key(.alt(Character(Unicode.Scalar(Self.introducer(kind))))))
            } else {
                out.append(.unknownSequence(spelled(introducer: Self.introducer(kind), sequence) + " (cut short)"))
            }
        case .x10Mouse: out.append(.unknownSequence(spelled(introducer: 0x5B, [0x4D] + sequence)))
        case .utf8: out.append(.unknownSequence(sequence.map(Self.hex).joined(separator: " ")))
        case .listed:
            out += resolveListed()
            out += flush()
            return out
        }
        reset(to: .ground)
        return out
    }

    private mutating func reset(to next: State) {
        state = next
        sequence.removeAll(keepingCapacity: true)
        overflowed = false
    }

    private mutating func keep(_ byte: UInt8, limit: Int) {
        if sequence.count < limit { sequence.append(byte) } else { overflowed = true }
    }

    // MARK: - The state machine

    private mutating func process(_ b: UInt8, _ out: inout [InputEvent]) {
        switch state {
        case .ground: ground(b, &out)
        case .escape: escape(b, &out)
        case .csi: csi(b, &out)
        case .ss3: ss3(b, &out)
        case .controlString(let kind, let sawEscape): controlString(kind, sawEscape, b, &out)
        case .x10Mouse:
            sequence.append(b)
            if sequence.count == 3 {
                if let mouse = Self.x10Mouse(sequence) { out.append(.mouse(mouse)) }
                reset(to: .ground)
            }
        case .utf8(let needed, let alt): utf8(needed, alt, b, &out)
        case .listed: listedSequence(b, &out)
        }
    }

    private mutating func ground(_ b: UInt8, _ out: inout [InputEvent]) {
        switch b {
        case 0x1B: reset(to: .escape)
        case 0x09: out.append(.key(.named(.tab)))
        case 0x0D, 0x0A: out.append(.key(.named(.enter)))
        case 0x7F, 0x08: out.append(.key(.named(.backspace)))
        case 0x00: break  // Ctrl-Space: nothing
        case 0x01...0x1A: out.append(.key(.control(Character(Unicode.Scalar(b + 0x60)))))
        case 0x1C...0x1F: out.append(.unknownSequence(Self.caret(b)))
        case 0x20...0x7E: out.append(.key(.character(Character(Unicode.Scalar(b)))))
        case 0xC2...0xF4:
            reset(to: .utf8(needed: b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3, alt: false))
            sequence.append(b)
        default: out.append(.unknownSequence(Self.hex(b)))
        }
    }

    private mutating func escape(_ b: UInt8, _ out: inout [InputEvent]) {
        if b != 0x1B, listed.keys[[0x1B, b]] != nil || listed.prefixes.contains([0x1B, b]) {
            reset(to: .listed)
            sequence = [0x1B]
            listedSequence(b, &out)
            return
        }
        switch b {
        case 0x5B: reset(to: .csi)
        case 0x4F: reset(to: .ss3)
        case 0x5D: reset(to: .controlString(.operatingSystemCommand, sawEscape: false))
        case 0x50: reset(to: .controlString(.deviceControl, sawEscape: false))
        case 0x5F: reset(to: .controlString(.applicationProgram, sawEscape: false))
        case 0x5E: reset(to: .controlString(.privacyMessage, sawEscape: false))
        case 0x58: reset(to: .controlString(.startOfString, sawEscape: false))
        case 0x1B:
            // Esc pressed twice, or Esc before a sequence: the first is Escape.
            out.append(.key(.named(.escape)))
            reset(to: .escape)
        case 0x20...0x7E:
            out.append(.key(.alt(Character(Unicode.Scalar(b)))))
            reset(to: .ground)
        case 0xC2...0xF4:
            reset(to: .utf8(needed: b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3, alt: true))
            sequence.append(b)
        default:
            out.append(.unknownSequence("ESC " + Self.token(b)))
            reset(to: .ground)
        }
    }

    private mutating func csi(_ b: UInt8, _ out: inout [InputEvent]) {
        switch b {
        case 0x4D where sequence.isEmpty:
            reset(to: .x10Mouse)
        case 0x24 where !sequence.isEmpty && sequence.allSatisfy({ (0x30...0x39).contains($0) }):
            // rxvt's Shift forms end in `$` (`ESC [ 7 $` is Shift-Home).
            finishCSI(final: b, &out)
        case 0x20...0x3F:
            keep(b, limit: Self.sequenceLimit)
        case 0x40...0x7E:
            finishCSI(final: b, &out)
        case 0x1B:
            out.append(.unknownSequence(spelled(introducer: 0x5B, sequence)))
            reset(to: .escape)
        default:
            out.append(.unknownSequence(spelled(introducer: 0x5B, sequence)))
            reset(to: .ground)
            ground(b, &out)
        }
    }

    private mutating func ss3(_ b: UInt8, _ out: inout [InputEvent]) {
        switch b {
        case 0x30...0x39, 0x3B:
            keep(b, limit: Self.sequenceLimit)
        case 0x40...0x7E:
            let event = Self.ss3Event(sequence, final: b, overflowed: overflowed)
                ?? .unknownSequence(spelled(introducer: 0x4F, sequence + [b]))
            out.append(event)
            reset(to: .ground)
        case 0x1B:
            out.append(.unknownSequence(spelled(introducer: 0x4F, sequence)))
            reset(to: .escape)
        default:
            out.append(.unknownSequence(spelled(introducer: 0x4F, sequence)))
            reset(to: .ground)
            ground(b, &out)
        }
    }

    private mutating func controlString(_ kind: TerminalReply.ControlString, _ sawEscape: Bool, _ b: UInt8,
                                        _ out: inout [InputEvent]) {
        if sawEscape {
            if b == 0x5C {
                out.append(.reply(.controlString(kind, content: String(decoding: sequence, as: UTF8.self))))
                reset(to: .ground)
            } else {
                // A new sequence began before this string ended: this one is cut short.
                out.append(.unknownSequence(spelled(introducer: Self.introducer(kind), sequence) + " (cut short)"))
                reset(to: .escape)
                escape(b, &out)
            }
            return
        }
        switch b {
        case 0x07:
            out.append(.reply(.controlString(kind, content: String(decoding: sequence, as: UTF8.self))))
            reset(to: .ground)
        case 0x1B:
            state = .controlString(kind, sawEscape: true)
        case 0x18, 0x1A:
            // CAN and SUB cancel a string.
            out.append(.unknownSequence(spelled(introducer: Self.introducer(kind), sequence) + " (cancelled)"))
            reset(to: .ground)
        default:
            keep(b, limit: Self.stringLimit)
        }
    }

    private mutating func utf8(_ needed: Int, _ alt: Bool, _ b: UInt8, _ out: inout [InputEvent]) {
        guard (0x80...0xBF).contains(b) else {
            out.append(.unknownSequence((alt ? "ESC " : "") + sequence.map(Self.hex).joined(separator: " ")))
            reset(to: .ground)
            ground(b, &out)
            return
        }
        sequence.append(b)
        guard needed == 1 else {
            state = .utf8(needed: needed - 1, alt: alt)
            return
        }
        let bytes = sequence
        reset(to: .ground)
        guard let text = String(validating: bytes, as: UTF8.self), let scalar = text.unicodeScalars.first,
              !(0x80...0x9F).contains(scalar.value) else {
            out.append(.unknownSequence((alt ? "ESC " : "") + bytes.map(Self.hex).joined(separator: " ")))
            return
        }
        let c = Character(scalar)
        out.append(.key(alt ? .alt(c) : .character(c)))
    }

    // MARK: - What a sequence means

    /// After an ESC, bytes that are (or begin) a sequence the terminfo entry lists are read as
    /// that: a whole listed sequence is its key as soon as no longer one can follow; once the
    /// bytes leave every listed sequence, they are decoded as if no table were there.
    private mutating func listedSequence(_ b: UInt8, _ out: inout [InputEvent]) {
        let candidate = sequence + [b]
        if b == 0x1B || candidate.count > Self.sequenceLimit {
            out += resolveListed()
            process(b, &out)
            return
        }
        if let key = listed.keys[candidate], !listed.prefixes.contains(candidate) {
            out.append(.key(key))
            reset(to: .ground)
        } else if listed.keys[candidate] != nil || listed.prefixes.contains(candidate) {
            sequence = candidate
        } else if (0x20...0x7E).contains(b), Self.plainlyUnknown(sequence) {
            // `ESC [ [ Z`: the bytes read so far end a sequence of no meaning; what follows belongs to it.
            out.append(.unknownSequence(spelled(introducer: candidate[1], Array(candidate.dropFirst(2)))))
            reset(to: .ground)
        } else {
            sequence = []
            out += decodeWithoutTable(candidate)
        }
    }

    private static func plainlyUnknown(_ bytes: [UInt8]) -> Bool {
        var plain = InputDecoder(table: .none)
        let events = plain.feed(bytes)
        guard plain.state == .ground, events.count == 1, case .unknownSequence = events[0] else { return false }
        return true
    }

    /// What the bytes read so far mean now that no more will come (or an ESC began anew).
    private mutating func resolveListed() -> [InputEvent] {
        let bytes = sequence
        reset(to: .ground)
        if let key = listed.keys[bytes] { return [.key(key)] }
        return decodeWithoutTable(bytes)
    }

    /// Feeds `bytes` to a decoder with no listed sequences and carries on from where it stands.
    private mutating func decodeWithoutTable(_ bytes: [UInt8]) -> [InputEvent] {
        var plain = InputDecoder(table: .none)
        let events = plain.feed(bytes)
        state = plain.state
        sequence = plain.sequence
        overflowed = plain.overflowed
        return events
    }


    private mutating func finishCSI(final: UInt8, _ out: inout [InputEvent]) {
        let bytes = sequence, wasOverflowed = overflowed
        reset(to: .ground)
        let spelledText = spelled(introducer: 0x5B, bytes + [final], cut: wasOverflowed)
        if wasOverflowed {
            out.append(.unknownSequence(spelledText))
            return
        }
        switch Self.csiEvent(bytes, final: final, spelled: spelledText) {
        case .event(let event): out.append(event)
        case .ignored: break
        case .unknown: out.append(.unknownSequence(spelledText))
        }
    }

    private enum Meaning {
        case event(InputEvent)
        /// Understood, and nothing to report (a mouse release, motion).
        case ignored
        case unknown

        init(_ key: Key?) { self = key.map { .event(.key($0)) } ?? .unknown }
        init(mouse: MouseEvent?) { self = mouse.map { .event(.mouse($0)) } ?? .ignored }
    }

    private static func csiEvent(_ bytes: [UInt8], final: UInt8, spelled: String) -> Meaning {
        let privateMarker: UInt8? = bytes.first.flatMap { (0x3C...0x3F).contains($0) ? $0 : nil }
        let body = privateMarker == nil ? bytes[...] : bytes.dropFirst()
        let parameterBytes = body.prefix { (0x30...0x3F).contains($0) }
        let intermediates = body.dropFirst(parameterBytes.count)
        guard intermediates.allSatisfy({ (0x20...0x2F).contains($0) }) else { return .unknown }
        let parameters = Self.parameters(parameterBytes)

        if let marker = privateMarker {
            switch (marker, final) {
            case (0x3C, 0x4D), (0x3C, 0x6D):  // ESC [ < b ; x ; y M|m
                guard parameters.count == 3, let button = parameters[0], let x = parameters[1], let y = parameters[2]
                else { return .unknown }
                return Meaning(mouse: sgrMouse(button: button, column: x - 1, row: y - 1, press: final == 0x4D))
            case (0x3F, 0x63): return .event(.reply(.primaryDeviceAttributes(parameters.map { $0 ?? 0 })))
            case (0x3E, 0x63): return .event(.reply(.secondaryDeviceAttributes(parameters.map { $0 ?? 0 })))
            default: return .event(.reply(.report(spelled)))
            }
        }
        if !intermediates.isEmpty {
            if intermediates.elementsEqual([0x24]) || final == 0x24 { return .unknown }
            return .event(.reply(.report(spelled)))
        }
        let first = parameters.first ?? nil
        let modifier = parameters.count > 1 ? parameters[1] : nil
        switch final {
        case 0x41, 0x42, 0x43, 0x44, 0x48, 0x46:  // A B C D H F
            guard parameters.count <= 2, first == nil || first == 1 else { return .unknown }
            let base: Key.NamedKey = [0x41: .up, 0x42: .down, 0x43: .right, 0x44: .left, 0x48: .home, 0x46: .end][final]!
            return Meaning(named(base, modifier ?? 1))
        case 0x50, 0x51, 0x53:  // P Q S: F1 F2 F4 with modifiers
            guard parameters.count <= 2, first == nil || first == 1 else { return .unknown }
            return Meaning(function([0x50: 1, 0x51: 2, 0x53: 4][final]!, modifier ?? 1))
        case 0x52:  // R: F3 with modifiers, else a cursor position report
            guard parameters.count == 2, let row = first, let column = modifier else { return .unknown }
            if row == 1, (2...16).contains(column) { return Meaning(function(3, column)) }
            return .event(.reply(.cursorPosition(row: row, column: column)))
        case 0x5A:  // Z
            guard parameters.isEmpty || (first == 1 && modifier == 2) else { return .unknown }
            return .event(.key(.named(.shiftTab)))
        case 0x7E, 0x5E, 0x40, 0x24:  // ~ (xterm, VT220), ^ @ $ (rxvt Ctrl, Ctrl-Shift, Shift)
            guard let number = first, parameters.count <= 3 else { return .unknown }
            if final == 0x7E, number == 27 {  // xterm modifyOtherKeys: ESC [ 27 ; m ; code ~
                guard parameters.count == 3, let m = modifier, let code = parameters[2] else { return .unknown }
                return Meaning(character(code: code, modifier: m))
            }
            if final == 0x7E, number == 200 || number == 201 { return .event(.reply(.report(spelled))) }
            guard parameters.count <= 2 else { return .unknown }
            let m: Int
            switch final {
            case 0x5E: m = 5
            case 0x40: m = 6
            case 0x24: m = 2
            default: m = modifier ?? 1
            }
            return Meaning(tildeKey(number, m))
        case 0x75:  // u: kitty's keyboard protocol, ESC [ code ; m u
            guard let code = first, parameters.count <= 3 else { return .unknown }
            return Meaning(character(code: code, modifier: modifier ?? 1))
        case 0x61, 0x62, 0x63, 0x64:  // rxvt Shift-arrows: ESC [ a … d
            guard parameters.isEmpty else { return .unknown }
            return .event(.key(.named([0x61: .shiftUp, 0x62: .shiftDown, 0x63: .shiftRight, 0x64: .shiftLeft][final]!)))
        case 0x49, 0x4F:  // I O: focus in / out
            guard parameters.isEmpty else { return .unknown }
            return .event(.reply(.focus(gained: final == 0x49)))
        case 0x74:  // t: window reports
            return .event(.reply(.report(spelled)))
        case 0x4D:  // urxvt mouse: ESC [ b ; x ; y M
            guard parameters.count == 3, let b = first, let x = parameters[1], let y = parameters[2] else { return .unknown }
            return Meaning(mouse: sgrMouse(button: b - 32, column: x - 1, row: y - 1, press: true))
        default:
            return .unknown
        }
    }

    private static func ss3Event(_ bytes: [UInt8], final: UInt8, overflowed: Bool) -> InputEvent? {
        guard !overflowed else { return nil }
        let parameters = Self.parameters(bytes[...])
        guard parameters.count <= 2 else { return nil }
        // Some terminals put the modifier alone (`ESC O 5 A`), some as `1 ; 5`.
        let modifier = (parameters.count == 2 ? parameters[1] : parameters.first ?? nil) ?? 1
        switch final {
        case 0x41: return named(.up, modifier).map(InputEvent.key)
        case 0x42: return named(.down, modifier).map(InputEvent.key)
        case 0x43: return named(.right, modifier).map(InputEvent.key)
        case 0x44: return named(.left, modifier).map(InputEvent.key)
        case 0x48: return named(.home, modifier).map(InputEvent.key)
        case 0x46: return named(.end, modifier).map(InputEvent.key)
        case 0x50, 0x51, 0x52, 0x53: return function(Int(final - 0x4F), modifier).map(InputEvent.key)
        case 0x61: return .key(.named(.ctrlUp))  // rxvt Ctrl-arrows
        case 0x62: return .key(.named(.ctrlDown))
        case 0x63: return .key(.named(.ctrlRight))
        case 0x64: return .key(.named(.ctrlLeft))
        case _ where !parameters.isEmpty: return nil
        // The application keypad.
        case 0x4D: return .key(.named(.enter))
        case 0x70...0x79: return .key(.character(Character(Unicode.Scalar(final - 0x70 + 0x30))))
        case 0x6A: return .key(.character("*"))
        case 0x6B: return .key(.character("+"))
        case 0x6C: return .key(.character(","))
        case 0x6D: return .key(.character("-"))
        case 0x6E: return .key(.character("."))
        case 0x6F: return .key(.character("/"))
        case 0x58: return .key(.character("="))
        default: return nil
        }
    }

    /// xterm's modifier parameter: 1 + (Shift 1, Alt 2, Ctrl 4, Meta 8).
    private struct Modifiers {
        var shift = false, alt = false, ctrl = false
        init?(_ m: Int) {
            guard (1...16).contains(m) else { return nil }
            let bits = m - 1
            shift = bits & 1 != 0
            alt = bits & 2 != 0 || bits & 8 != 0
            ctrl = bits & 4 != 0
        }
    }

    private static func named(_ base: Key.NamedKey, _ m: Int) -> Key? {
        guard let mods = Modifiers(m) else { return nil }
        let prefix: String
        switch (mods.shift, mods.alt, mods.ctrl) {
        case (false, false, false): return .named(base)
        case (true, false, false): prefix = "Shift-"
        case (false, true, false): prefix = "Alt-"
        case (false, false, true): prefix = "Ctrl-"
        default: return nil
        }
        return Key.NamedKey(rawValue: prefix + base.rawValue).map(Key.named)
    }

    /// F1–F12 with modifiers, numbered as terminfo does for xterm (Shift-F1 is F13).
    private static func function(_ n: Int, _ m: Int) -> Key? {
        guard let mods = Modifiers(m) else { return nil }
        let offset: Int
        switch (mods.shift, mods.alt, mods.ctrl) {
        case (false, false, false): offset = 0
        case (true, false, false): offset = 12
        case (false, false, true): offset = 24
        case (true, false, true): offset = 36
        case (false, true, false): offset = 48
        default: return nil
        }
        guard offset == 0 || n <= 12 else { return nil }
        let number = n + offset
        return number <= Key.maximumFunctionKey ? .function(number) : nil
    }

    /// `ESC [ n ~` keys.
    private static func tildeKey(_ n: Int, _ m: Int) -> Key? {
        let editing: [Int: Key.NamedKey] = [1: .home, 2: .insert, 3: .delete, 4: .end, 5: .pageUp, 6: .pageDown,
                                            7: .home, 8: .end]
        if let base = editing[n] { return named(base, m) }
        let functions: [Int: Int] = [11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 17: 6, 18: 7, 19: 8, 20: 9, 21: 10,
                                     23: 11, 24: 12, 25: 13, 26: 14, 28: 15, 29: 16, 31: 17, 32: 18, 33: 19, 34: 20]
        guard let f = functions[n] else { return nil }
        return function(f, m)
    }

    /// A key given as a Unicode code point with modifiers (kitty, modifyOtherKeys).
    private static func character(code: Int, modifier m: Int) -> Key? {
        guard let mods = Modifiers(m), let scalar = Unicode.Scalar(UInt32(clamping: max(code, 0))) else { return nil }
        let special: [UInt32: Key.NamedKey] = [9: .tab, 13: .enter, 27: .escape, 127: .backspace, 8: .backspace]
        if let named = special[scalar.value] {
            if named == .tab && mods.shift && !mods.alt && !mods.ctrl { return .named(.shiftTab) }
            return mods.shift || mods.alt || mods.ctrl ? nil : .named(named)
        }
        guard !TerminalSafeTextCheck.isControl(scalar) else { return nil }
        var c = Character(scalar)
        if mods.shift, c.isLetter { c = Character(c.uppercased()) }
        switch (mods.alt, mods.ctrl) {
        case (false, false): return .character(c)
        case (true, false): return .alt(c)
        case (false, true):
            guard c.isASCII, c.isLetter else { return nil }
            return .control(Character(c.lowercased()))
        default: return nil
        }
    }

    private static func sgrMouse(button: Int, column: Int, row: Int, press: Bool) -> MouseEvent? {
        guard button & 32 == 0, column >= 0, row >= 0 else { return nil }  // motion
        switch button & ~(4 | 8 | 16) {  // without Shift, Meta, Ctrl
        case 0 where press: return MouseEvent(kind: .press, column: column, row: row)
        case 64: return MouseEvent(kind: .wheelUp, column: column, row: row)
        case 65: return MouseEvent(kind: .wheelDown, column: column, row: row)
        default: return nil
        }
    }

    private static func x10Mouse(_ bytes: [UInt8]) -> MouseEvent? {
        let button = Int(bytes[0]) - 32
        return sgrMouse(button: button, column: Int(bytes[1]) - 33, row: Int(bytes[2]) - 33, press: button & 3 != 3)
    }

    /// `1;5` → [1, 5]; an empty parameter is nil; a sub-parameter (`1:2`) counts by its first part.
    private static func parameters(_ bytes: ArraySlice<UInt8>) -> [Int?] {
        guard !bytes.isEmpty else { return [] }
        return bytes.split(separator: 0x3B, omittingEmptySubsequences: false).map { field in
            let digits = field.prefix { (0x30...0x39).contains($0) }
            guard !digits.isEmpty, digits.count <= 9 else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
    }

    // MARK: - Spelling sequences for messages

    private static func introducer(_ kind: TerminalReply.ControlString) -> UInt8 {
        switch kind {
        case .operatingSystemCommand: return 0x5D
        case .deviceControl: return 0x50
        case .applicationProgram: return 0x5F
        case .privacyMessage: return 0x5E
        case .startOfString: return 0x58
        }
    }

    /// `ESC [ 1 ; 5 A`: digits grouped, every other byte its own token, controls in caret form.
    private func spelled(introducer: UInt8, _ bytes: [UInt8], cut: Bool = false) -> String {
        var tokens = ["ESC", Self.token(introducer)]
        var digits = ""
        let shown = bytes.prefix(24)
        for b in shown {
            if (0x30...0x39).contains(b) {
                digits.unicodeScalars.append(Unicode.Scalar(b))
                continue
            }
            if !digits.isEmpty { tokens.append(digits); digits = "" }
            tokens.append(Self.token(b))
        }
        if !digits.isEmpty { tokens.append(digits) }
        if bytes.count > shown.count || cut { tokens.append("…") }
        return tokens.joined(separator: " ")
    }

    private static func token(_ b: UInt8) -> String {
        switch b {
        case 0x1B: return "ESC"
        case 0x20: return "SP"
        case 0x00...0x1F, 0x7F: return caret(b)
        case 0x21...0x7E: return String(Unicode.Scalar(b))
        default: return hex(b)
        }
    }

    private static func caret(_ b: UInt8) -> String {
        b == 0x7F ? "^?" : "^" + String(Unicode.Scalar(b + 0x40))
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = String(b, radix: 16, uppercase: true)
        return "0x" + (digits.count == 1 ? "0" : "") + digits
    }
}

/// Which scalars never make a key: C0, DEL and C1 controls.
enum TerminalSafeTextCheck {
    static func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }
}
