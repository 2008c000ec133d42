import Foundation
import Testing
import TestSupport

@Suite struct RenderCommandTests {
    func render(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(Fixtures.executable, ["render"] + arguments, environment: ["TERM": "xterm-256color"])
    }

    func screen(_ output: String, columns: Int) throws -> ANSIScreen {
        var screen = ANSIScreen(columns: columns, rows: 1, grows: true)
        try screen.feed(Array(output.utf8))
        return screen
    }

    @Test func theDemoKeepsItsProportionsAndIsCentred() throws {
        // The phantom is 256 × 256 pixels of 0.9 mm: square, so 40 columns make 20 rows.
        let result = try render(["--demo", "--cols", "40", "--color", "truecolor"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 21 && lines.last == "")
        let screen = try screen(result.stdout, columns: 40)
        let corner = screen.halves(column: 0, row: 0)
        #expect(corner?.top == ANSIScreen.Color(0, 0, 0))
        // Soft tissue in the soft-tissue window is mid-grey, never black or white.
        let centre = screen.halves(column: 20, row: 10)?.top
        #expect(centre != nil && centre!.r > 40 && centre!.r < 250)
        #expect(centre?.r == centre?.g && centre?.g == centre?.b)
    }

    @Test func rowsColumnsAndZoomCanBeGiven() throws {
        let result = try render(["--demo", "--cols", "30", "--rows", "7", "--axis", "coronal", "--color", "truecolor",
                                 "--zoom", "3"])
        #expect(result.status == 0)
        let screen = try screen(result.stdout, columns: 30)
        #expect(screen.rows == 8)
        let plain = try render(["--demo", "--cols", "30", "--rows", "7", "--axis", "coronal", "--color", "truecolor"])
        #expect(plain.status == 0 && plain.stdout != result.stdout)
    }

    /// Every colour an SGR sequence sets is truecolour (`38;2;r;g;b`), 256-colour (`38;5;n`) or
    /// one of the 16 (`30`–`37`, `90`–`97` and their backgrounds): each mode uses its own kind
    /// and no other, foreground and background alike.
    @Test(arguments: [("truecolor", ColourKind.truecolour), ("256", .indexed256), ("16", .basic16)])
    func colourModesUseOnlyTheirSequences(mode: String, kind: ColourKind) throws {
        let result = try render(["--demo", "--cols", "32", "--color", mode, "--window", "400", "--level", "40"])
        #expect(result.status == 0)
        let used = try Self.colourKinds(result.stdout)
        #expect(used == [kind], "--color \(mode) set colours as \(used)")
        _ = try screen(result.stdout, columns: 32)
    }

    @Test func theColourKindsAreToldApart() throws {
        #expect(try Self.colourKinds("\u{1B}[38;5;196m\u{1B}[48;5;16m▀") == [.indexed256])
        #expect(try Self.colourKinds("\u{1B}[31;100m▀\u{1B}[0m") == [.basic16])
        #expect(try Self.colourKinds("\u{1B}[38;2;1;2;3;48;5;7m▀") == [.truecolour, .indexed256])
        #expect(try Self.colourKinds("\u{1B}[0m\u{1B}[39;49m\u{1B}[m plain") == [])
        #expect(throws: SGRError.self) { try Self.colourKinds("\u{1B}[38;5m") }
    }

    enum ColourKind: Hashable, CustomStringConvertible, Sendable {
        case truecolour, indexed256, basic16
        var description: String {
            switch self {
            case .truecolour: return "truecolour"
            case .indexed256: return "256 colours"
            case .basic16: return "16 colours"
            }
        }
    }

    struct SGRError: Error, CustomStringConvertible {
        let sequence: String
        var description: String { "cannot read the SGR sequence ESC[\(sequence)m" }
    }

    /// The kinds of colour set by every `ESC [ … m` in `output`; attributes (bold, reset,
    /// default colours 39 and 49) set none. An unfinished 38/48 selector throws.
    static func colourKinds(_ output: String) throws -> Set<ColourKind> {
        var kinds = Set<ColourKind>()
        var rest = Substring(output)
        while let start = rest.range(of: "\u{1B}[") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(where: { $0.isLetter }) else { break }
            defer { rest = rest[rest.index(after: end)...] }
            guard rest[end] == "m" else { continue }
            let text = String(rest[..<end])
            // An empty parameter is 0 (`ESC[m` resets).
            let p = text.split(separator: ";", omittingEmptySubsequences: false).map { $0.isEmpty ? 0 : Int($0) }
            var i = 0
            while i < p.count {
                guard let code = p[i] else { throw SGRError(sequence: text) }
                switch code {
                case 38, 48:
                    switch i + 1 < p.count ? p[i + 1] : nil {
                    case 2? where i + 4 < p.count:
                        kinds.insert(.truecolour)
                        i += 4
                    case 5? where i + 2 < p.count:
                        kinds.insert(.indexed256)
                        i += 2
                    default: throw SGRError(sequence: text)
                    }
                case 30...37, 40...47, 90...97, 100...107: kinds.insert(.basic16)
                default: break
                }
                i += 1
            }
        }
        return kinds
    }

    @Test func monoHasNoEscapesAtAll() throws {
        let result = try render(["--demo", "--cols", "32", "--color", "mono"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(result.stdout.contains("\u{2588}") || result.stdout.contains("\u{2593}"))
    }

    @Test(arguments: [
        (["--cols", "20"], "no image given"),
        (["--demo", "--color", "lots"], "--color lots"),
        (["--demo", "--slice", "500"], "slice 500"),
        (["--demo", "--preset", "kidney"], "unknown window preset kidney"),
        (["--demo", "--window=-3"], "--window must be a positive width"),
        (["--demo", "--zoom", "0"], "--zoom 0.0"),
        (["/nonexistent/scan.nii.gz"], "/nonexistent/scan.nii.gz"),
    ])
    func badRequestsAreOneLineOnStderr(arguments: [String], mention: String) throws {
        let result = try render(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains(mention) == true, "\(result.stderr)")
    }

    @Test func measureReportsTimingAndBytes() throws {
        let result = try render(["--demo", "--cols", "16", "--rows", "8", "--color", "truecolor", "--measure", "3"])
        #expect(result.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(json?["frames"] as? Int == 3)
        #expect((json?["fullFrameBytes"] as? Int ?? 0) > 16 * 8 * 4)
    }
}
