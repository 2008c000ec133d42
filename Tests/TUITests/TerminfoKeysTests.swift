import Foundation
import Testing
@testable import TUI

/// Keys of terminals whose sequences the decoder cannot know by itself, read from the system's
/// terminfo database: for each terminal type, what `tput` (ncurses' own tool, not our code) says
/// a key sends must decode to that key, whole, however the bytes are cut.
@Suite struct TerminfoKeysTests {
    static let terminals = ["linux", "rxvt", "rxvt-unicode", "Eterm", "sun", "vt52", "vt220", "screen", "tmux-256color",
                            "xterm-256color", "cons25", "wsvt25", "mach-color", "cygwin"]

    /// What `tput -T term capability` prints, nil when the entry lacks it.
    static func tput(_ term: String, _ capability: String) -> [UInt8]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tput")
        process.arguments = ["-T", term, capability]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let bytes = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        return process.terminationStatus == 0 && !bytes.isEmpty ? bytes : nil
    }

    @Test(arguments: terminals)
    func everyKeyTheEntryListsDecodesToThatKey(_ term: String) throws {
        let table = try #require(TerminfoKeys.load(term: term), "terminfo has \(term)")
        var checked = 0
        var seen = Set<[UInt8]>()
        for (capability, key) in TerminfoKeys.capabilities {
            guard let bytes = Self.tput(term, capability), bytes.count >= 2, bytes[0] == 0x1B,
                  seen.insert(bytes).inserted else { continue }
            for cut in 0...bytes.count {
                var decoder = InputDecoder(terminfo: table)
                let events = decoder.feed(bytes[..<cut]) + decoder.feed(bytes[cut...]) + decoder.flush()
                #expect(events == [.key(key)], "\(term) \(capability) cut at \(cut)")
            }
            checked += 1
        }
        #expect(checked >= 4, "\(term): \(checked) keys")
    }

    @Test func theLinuxConsolesFunctionKeysNeedNoTerminfo() {
        var decoder = InputDecoder()
        let events = decoder.feed(Array("\u{1B}[[A\u{1B}[[E".utf8)) + decoder.flush()
        #expect(events == [.key(.function(1)), .key(.function(5))])
    }

    @Test func aSequenceThatOnlyBeginsAListedOneIsUnknownNeverKeys() throws {
        let table = try #require(TerminfoKeys.load(term: "linux"))
        var decoder = InputDecoder(terminfo: table)
        let events = decoder.feed(Array("\u{1B}[[Zq".utf8)) + decoder.flush()
        #expect(events == [.unknownSequence("ESC [ [ Z"), .key(.character("q"))])
    }

    @Test func withoutTheTerminalsEntryTheCommonFormsStillDecode() {
        var decoder = InputDecoder(terminfo: .none)
        let events = decoder.feed(Array("\u{1B}[H\u{1B}[1;5A\u{1B}OP".utf8)) + decoder.flush()
        #expect(events == [.key(.named(.home)), .key(.named(.ctrlUp)), .key(.function(1))])
    }
}
