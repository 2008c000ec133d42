import Testing
@testable import TUI

/// The byte-stream decoder, without a terminal: every input is also fed split at every byte
/// boundary (and one byte at a time), which must give the same events.
struct InputDecoderTests {
    /// Decodes `bytes` whole, then flushes (as after the escape delay).
    static func decode(_ bytes: [UInt8]) -> [InputEvent] {
        var decoder = InputDecoder()
        return decoder.feed(bytes) + decoder.flush()
    }

    static func decode(_ text: String) -> [InputEvent] { decode(Array(text.utf8)) }

    /// The same events however the bytes are cut into reads.
    static func expectSplitInvariant(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let whole = decode(bytes)
        for cut in 0...bytes.count {
            var decoder = InputDecoder()
            let events = decoder.feed(bytes[..<cut]) + decoder.feed(bytes[cut...]) + decoder.flush()
            #expect(events == whole, "cut at \(cut)", sourceLocation: sourceLocation)
        }
        var decoder = InputDecoder()
        var single: [InputEvent] = []
        for b in bytes { single += decoder.feed([b]) }
        #expect(single + decoder.flush() == whole, "one byte at a time", sourceLocation: sourceLocation)
    }

    static let esc = "\u{1B}"

    @Test(arguments: [
        ("\u{1B}[A", Key.named(.up)), ("\u{1B}OA", .named(.up)), ("\u{1B}[D", .named(.left)),
        ("\u{1B}[1;5A", .named(.ctrlUp)), ("\u{1B}[1;2B", .named(.shiftDown)), ("\u{1B}[1;3C", .named(.altRight)),
        ("\u{1B}[1~", .named(.home)), ("\u{1B}[4~", .named(.end)), ("\u{1B}[H", .named(.home)), ("\u{1B}[F", .named(.end)),
        ("\u{1B}OH", .named(.home)), ("\u{1B}OF", .named(.end)), ("\u{1B}[7~", .named(.home)), ("\u{1B}[8~", .named(.end)),
        ("\u{1B}[5~", .named(.pageUp)), ("\u{1B}[6~", .named(.pageDown)), ("\u{1B}[3~", .named(.delete)),
        ("\u{1B}[2~", .named(.insert)), ("\u{1B}[Z", .named(.shiftTab)), ("\u{1B}[5;5~", .named(.ctrlPageUp)),
        ("\u{1B}OP", .function(1)), ("\u{1B}OS", .function(4)), ("\u{1B}[15~", .function(5)), ("\u{1B}[24~", .function(12)),
        ("\u{1B}[1;2P", .function(13)), ("\u{1B}[1;2R", .function(15)), ("\u{1B}[15;2~", .function(17)),
        ("\u{1B}[24;2~", .function(24)), ("\u{1B}[25~", .function(13)), ("\u{1B}[34~", .function(20)),
        ("\u{1B}[1;5P", .function(25)), ("\u{1B}[1;3P", .function(49)),
        ("\u{1B}1", .alt("1")), ("\u{1B}x", .alt("x")), ("\u{1B}[", .alt("[")), ("\u{1B}O", .alt("O")),
        ("\u{1B}é", .alt("é")), ("\u{1B}", .named(.escape)),
        ("\u{1B}[97;5u", .control("a")), ("\u{1B}[97;3u", .alt("a")), ("\u{1B}[27;5;114~", .control("r")),
        ("\u{1B}[a", .named(.shiftUp)), ("\u{1B}Oa", .named(.ctrlUp)), ("\u{1B}[7$", .named(.shiftHome)),
        ("\u{1B}Op", .character("0")), ("\u{1B}OM", .named(.enter)),
        ("q", .character("q")), ("é", .character("é")), ("\u{12}", .control("r")), ("\t", .named(.tab)),
        ("\r", .named(.enter)), ("\u{7F}", .named(.backspace)),
    ] as [(String, Key)])
    func decodesKeysWhole(input: String, key: Key) {
        #expect(Self.decode(input) == [.key(key)], "\(Array(input.utf8))")
        Self.expectSplitInvariant(Array(input.utf8))
    }

    @Test func altDigitIsOneUnboundKeyNeverEscThenDigit() {
        let events = Self.decode("\u{1B}1")
        #expect(events == [.key(.alt("1"))])
        #expect(Key(spelling: "Alt-1") == .alt("1"))
        #expect(Key.alt("1").spelling == "Alt-1")
        #expect(KeymapLoader.defaultKeymap.action(for: .alt("1")) == nil)
    }

    @Test(arguments: [
        ("\u{1B}[6n", "ESC [ 6 n"), ("\u{1B}[99~", "ESC [ 99 ~"), ("\u{1B}[1;7A", "ESC [ 1 ; 7 A"),
        ("\u{1B}[E", "ESC [ E"), ("\u{1B}O5z", "ESC O 5 z"),
    ])
    func unknownSequencesAreNamedWhole(input: String, name: String) {
        #expect(Self.decode(input) == [.unknownSequence(name)])
        Self.expectSplitInvariant(Array(input.utf8))
    }

    @Test func repliesAreNeverKeys() {
        let cases: [(String, TerminalReply)] = [
            ("\u{1B}[12;40R", .cursorPosition(row: 12, column: 40)),
            ("\u{1B}[?62;22c", .primaryDeviceAttributes([62, 22])),
            ("\u{1B}[>1;4000;15c", .secondaryDeviceAttributes([1, 4000, 15])),
            ("\u{1B}]11;rgb:0000/0000/0000\u{07}", .controlString(.operatingSystemCommand, content: "11;rgb:0000/0000/0000")),
            ("\u{1B}]52;c;aGVsbG8=\u{1B}\\", .controlString(.operatingSystemCommand, content: "52;c;aGVsbG8=")),
            ("\u{1B}P1$r0m\u{1B}\\", .controlString(.deviceControl, content: "1$r0m")),
            ("\u{1B}_Gi=31;OK\u{1B}\\", .controlString(.applicationProgram, content: "Gi=31;OK")),
            ("\u{1B}[?1;2$y", .report("ESC [ ? 1 ; 2 $ y")),
            ("\u{1B}[8;24;80t", .report("ESC [ 8 ; 24 ; 80 t")),
            ("\u{1B}[I", .focus(gained: true)),
        ]
        for (input, reply) in cases {
            #expect(Self.decode(input) == [.reply(reply)], "\(input.debugDescription)")
            Self.expectSplitInvariant(Array(input.utf8))
        }
        #expect(Self.decode("\u{1B}_Gi=31;OK\u{1B}\\").first.map { if case .reply(let r) = $0 { r.isKittyGraphics } else { false } } == true)
    }

    @Test func mouseReports() {
        #expect(Self.decode("\u{1B}[<0;11;6M") == [.mouse(MouseEvent(kind: .press, column: 10, row: 5))])
        #expect(Self.decode("\u{1B}[<0;11;6m") == [])
        #expect(Self.decode("\u{1B}[<64;3;4M") == [.mouse(MouseEvent(kind: .wheelUp, column: 2, row: 3))])
        #expect(Self.decode("\u{1B}[<65;3;4M") == [.mouse(MouseEvent(kind: .wheelDown, column: 2, row: 3))])
        #expect(Self.decode("\u{1B}[<32;3;4M") == [], "motion is not a press")
        // X10: ESC [ M, then button, column, row each + 32 (one-based).
        #expect(Self.decode([0x1B, 0x5B, 0x4D, 32, 33 + 10, 33 + 5]) == [.mouse(MouseEvent(kind: .press, column: 10, row: 5))])
        Self.expectSplitInvariant(Array("\u{1B}[<0;11;6M".utf8))
        Self.expectSplitInvariant([0x1B, 0x5B, 0x4D, 32, 43, 38])
    }

    @Test func aStreamOfEverythingDecodesInOrderHoweverItIsCut() {
        let stream = "j\u{1B}[A\u{1B}[12;40Rk\u{1B}]2;title\u{07}\u{1B}1\u{1B}[99~\u{1B}[<0;5;5M\u{1B}[1~é\u{1B}P+q\u{1B}\\x"
        let events = Self.decode(stream)
        #expect(events == [
            .key(.character("j")), .key(.named(.up)), .reply(.cursorPosition(row: 12, column: 40)), .key(.character("k")),
            .reply(.controlString(.operatingSystemCommand, content: "2;title")), .key(.alt("1")),
            .unknownSequence("ESC [ 99 ~"), .mouse(MouseEvent(kind: .press, column: 4, row: 4)), .key(.named(.home)),
            .key(.character("é")), .reply(.controlString(.deviceControl, content: "+q")), .key(.character("x")),
        ])
        Self.expectSplitInvariant(Array(stream.utf8))
    }

    @Test func escapeWaitsShortAndSequencesWaitLonger() {
        var decoder = InputDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.wait == .escape)
        #expect(decoder.feed(Array("[".utf8)).isEmpty)
        #expect(decoder.wait == .escape, "ESC [ alone may still be Alt-[")
        #expect(decoder.feed(Array("12;4".utf8)).isEmpty)
        #expect(decoder.wait == .sequence)
        #expect(decoder.feed(Array("0R".utf8)) == [.reply(.cursorPosition(row: 12, column: 40))])
        #expect(decoder.wait == .none)
        #expect(decoder.feed([0x1B, 0x1B]) == [.key(.named(.escape))])
        #expect(decoder.flush() == [.key(.named(.escape))])
    }

    @Test func controlsAndBrokenBytesNeverBecomeKeys() {
        // C1 controls as UTF-8, stray continuation bytes, invalid UTF-8, Ctrl-] and a cut CSI.
        for bytes: [UInt8] in [[0xC2, 0x9B], [0x9B], [0xFF], [0xC3, 0x28], [0x1D], [0x1B, 0x5B, 0x31, 0x0D]] {
            let events = Self.decode(bytes)
            for event in events {
                if case .key(let key) = event {
                    // Only the byte after a cut sequence may be a key (CR = Enter, "(" after a bad lead).
                    #expect(key == .named(.enter) || key == .character("("), "\(bytes) gave \(key)")
                }
            }
            #expect(events.contains { if case .unknownSequence = $0 { true } else { false } }, "\(bytes)")
            Self.expectSplitInvariant(bytes)
        }
    }

    @Test func overlongSequencesAreConsumedNotKept() {
        let long = "\u{1B}[" + String(repeating: "1;", count: 500) + "A" + "q"
        let events = Self.decode(long)
        #expect(events.count == 2)
        #expect(events.last == .key(.character("q")))
        let osc = "\u{1B}]" + String(repeating: "x", count: 100_000) + "\u{07}q"
        let oscEvents = Self.decode(osc)
        #expect(oscEvents.count == 2)
        if case .reply(.controlString(_, let content)) = oscEvents[0] { #expect(content.utf8.count == InputDecoder.stringLimit) }
        #expect(oscEvents.last == .key(.character("q")))
    }

    @Test func noByteSequenceGivesAControlCharacterKey() {
        // A cheap exhaustive check: all two- and three-byte inputs from an interesting alphabet.
        let alphabet: [UInt8] = [0x00, 0x07, 0x1B, 0x5B, 0x4F, 0x5D, 0x50, 0x5F, 0x3B, 0x31, 0x3F, 0x3C, 0x7E, 0x4D,
                                 0x52, 0x5C, 0x24, 0x41, 0x75, 0x7F, 0x80, 0x9B, 0xC2, 0xE2, 0xF0, 0xFF]
        var controlKeys: [[UInt8]] = []
        for a in alphabet { for b in alphabet { for c in alphabet {
            let input = [a, b, c, 0x1B, a]
            for case .key(let key) in Self.decode(input) {
                let character: Character? = switch key {
                case .character(let ch), .alt(let ch): ch
                default: nil
                }
                if let character, character.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
                    controlKeys.append(input)
                }
            }
        } } }
        #expect(controlKeys.isEmpty, "control characters decoded as keys: \(controlKeys.prefix(5))")
    }
}
