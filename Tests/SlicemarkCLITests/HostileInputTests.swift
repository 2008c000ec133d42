import Foundation
import Testing
import TestSupport

/// Text from files is shown as text: a DICOM written by pydicom whose text fields hold
/// terminal control sequences (`scripts/expected/hostile.py`), file and folder names holding
/// them, and label sets, templates and annotator names holding them, through `info`, `render`,
/// error messages and the viewer. The assertions are on the bytes the program writes (stdout,
/// stderr, and for the viewer everything tmux's `pipe-pane` saw), not only on the screen.
@Suite(.serialized)
struct HostileInputTests {
    static let title = "scan\u{1B}]2;file-title\u{07}\u{1B}[6n\u{202E}gpj.dcm"
    static let titleShown = "scan␛]2;file-title␇␛[6n⟨U+202E⟩gpj.dcm"

    /// Where pydicom and nibabel write the hostile files for this test run.
    static let made = NSTemporaryDirectory() + "slicemark-hostile-made-\(UUID().uuidString)"

    /// pydicom's and nibabel's hostile files (made on first use).
    static func hostileFiles() throws -> (dicom: String, nifti: String) {
        let dicom = made + "/hostile/hostile_text.dcm", nifti = made + "/hostile/hostile_text.nii"
        if !FileManager.default.fileExists(atPath: dicom) || !FileManager.default.fileExists(atPath: nifti) {
            let result = try runProcess(Fixtures.path("venv/bin/python"),
                                        [Fixtures.repositoryRoot.appendingPathComponent("scripts/expected/hostile.py").path,
                                         Fixtures.root.path, made])
            #expect(result.status == 0, "\(result.stderr)")
        }
        return (dicom, nifti)
    }

    static func folder(_ name: String = "slicemark-hostile-\(UUID().uuidString)") throws -> String {
        let path = NSTemporaryDirectory() + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Scalars that must never reach a terminal from a file.
    static func unsafeScalars(in text: String) -> [String] {
        text.unicodeScalars.filter { s in
            (0x80...0x9F).contains(s.value) || [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
                                                 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x061C].contains(s.value)
        }.map { String(format: "U+%04X", $0.value) }
    }

    /// Text that quotes files but is not a frame: no ESC, no BEL, no control at all but newlines.
    static func expectPlainText(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let controls = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }
        #expect(controls.isEmpty, "\(what) holds controls \(controls.map { $0.value })", sourceLocation: sourceLocation)
        #expect(unsafeScalars(in: text).isEmpty, "\(what) holds \(unsafeScalars(in: text))", sourceLocation: sourceLocation)
    }

    /// Terminal output (frames): our own CSI sequences only; nothing a file could have asked for.
    static func expectNoInjectedSequences(_ bytes: [UInt8], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = String(validating: bytes, as: UTF8.self)
        #expect(text != nil, "\(what) is not valid UTF-8 (a raw C1 byte?)", sourceLocation: sourceLocation)
        for (name, pattern) in [("OSC", [0x1B, 0x5D]), ("DCS", [0x1B, 0x50]), ("APC", [0x1B, 0x5F]), ("BEL", [0x07]),
                                ("cursor report request", Array("\u{1B}[6n".utf8)), ("clear from a file", Array("Dr\u{1B}[".utf8))]
            as [(String, [UInt8])] {
            #expect(!contains(bytes, pattern), "\(what) holds \(name)", sourceLocation: sourceLocation)
        }
        if let text { #expect(unsafeScalars(in: text).isEmpty, "\(what) holds \(unsafeScalars(in: text))", sourceLocation: sourceLocation) }
    }

    static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard bytes.count >= pattern.count else { return false }
        return (0...(bytes.count - pattern.count)).contains { bytes[$0..<$0 + pattern.count].elementsEqual(pattern) }
    }

    // MARK: - info, render, errors

    @Test func infoShowsAFileNamedWithEscapesAsTextAndJSONKeepsTheName() throws {
        let (dicom, _) = try Self.hostileFiles()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/" + Self.title
        try FileManager.default.copyItem(atPath: dicom, toPath: path)

        let text = try runProcess(Fixtures.executable, ["info", path])
        #expect(text.status == 0, "\(text.stderr)")
        Self.expectPlainText(text.stdout, "info")
        #expect(text.stdout.contains("file        " + dir + "/" + Self.titleShown))

        let json = try runProcess(Fixtures.executable, ["info", "--json", path])
        #expect(json.status == 0)
        Self.expectPlainText(json.stdout, "info --json")
        #expect(json.stdout.contains("\\u202e"), "the override is written as an escape")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["files"] as? [String]) == [path], "JSON keeps the real name")
    }

    @Test func renderAndErrorMessagesQuoteHostileNamesAsText() throws {
        let (dicom, nifti) = try Self.hostileFiles()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/" + Self.title
        try FileManager.default.copyItem(atPath: dicom, toPath: good)
        let render = try runProcess(Fixtures.executable, ["render", good, "--cols", "40", "--color", "256"])
        #expect(render.status == 0, "\(render.stderr)")
        Self.expectNoInjectedSequences(Array(render.stdout.utf8), "render")
        let renderNIfTI = try runProcess(Fixtures.executable, ["render", nifti, "--cols", "40"])
        #expect(renderNIfTI.status == 0)
        Self.expectNoInjectedSequences(Array(renderNIfTI.stdout.utf8), "render of the NIfTI")

        // A broken file with the same kind of name: every command's error is one plain line.
        let broken = dir + "/broken\u{1B}]52;c;aGk=\u{07}\u{9B}2J.dcm"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dicom))
        try bytes.prefix(900).write(to: URL(fileURLWithPath: broken))
        for arguments in [["info", broken], ["info", "--json", broken], ["render", broken],
                          ["render", broken, "--slice", "99"], ["view", dir + "/missing\u{1B}[6n.dcm"]] {
            let result = try runProcess(Fixtures.executable, arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stdout.isEmpty)
            Self.expectPlainText(result.stderr, "stderr of \(arguments[0])")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stderr.contains("␛"), "the escape is shown: \(result.stderr)")
        }
        let brokenError = try runProcess(Fixtures.executable, ["info", broken]).stderr
        #expect(brokenError.contains("broken␛]52;c;aGk=␇⟨U+009B⟩2J.dcm"), "\(brokenError)")
    }

    @Test func anArgumentParserErrorQuotingAnEscapeIsPlainText() throws {
        let result = try runProcess(Fixtures.executable, ["render", "--demo", "--cols", "x\u{1B}]2;t\u{07}"])
        #expect(result.status != 0)
        Self.expectPlainText(result.stderr, "usage error")
        #expect(result.stderr.contains("x␛]2;t␇"))
    }

    // MARK: - The viewer

    static let viewerEnvironment = [
        "COLORTERM": "truecolor", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": "/nonexistent-slicemark-config", "USER": "e2e",
    ]

    /// Starts the viewer after tmux records its output, so the first frame is recorded too.
    static func startRecorded(_ arguments: [String], output: String, columns: Int = 120, rows: Int = 40) throws -> TmuxSession {
        let command = "sleep 0.5; exec " + ([Fixtures.executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ")
        let tmux = try TmuxSession(["/bin/sh", "-c", command], columns: columns, rows: rows, environment: viewerEnvironment)
        try tmux.recordOutput(to: output)
        return tmux
    }

    /// Escape, then a pause: `ESC` followed within the escape delay by a key is Alt and that key.
    static func escape(_ tmux: TmuxSession) throws {
        try tmux.send("Escape")
        Thread.sleep(forTimeInterval: 0.15)
    }

    static func recorded(_ path: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: path) ?? Data())
    }

    @Test(.enabled(if: TmuxSession.isAvailable))
    func viewerPickerStatusAndMetadataShowFileTextAsText() throws {
        let (dicom, nifti) = try Self.hostileFiles()
        let dir = try Self.folder("slicemark-hostile-\(UUID().uuidString.prefix(6))-study\u{1B}]2;dir-title\u{07}")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: dicom, toPath: dir + "/" + Self.title)
        try FileManager.default.copyItem(atPath: nifti, toPath: dir + "/nifti\u{1B}[6n\u{200B}.nii")
        let output = dir + ".out"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let tmux = try Self.startRecorded(["--show-phi", dir], output: output, rows: 60)
        defer { tmux.close() }
        let titleBefore = try tmux.paneTitle()

        // The picker lists both images; names and series descriptions as text.
        let picker = try #require(try tmux.waitFor(timeout: 30) { $0.contains("nifti␛[6n⟨U+200B⟩.nii") }, "picker")
        #expect(!picker.contains("\u{1B}"))
        try Self.escape(tmux)
        _ = try #require(try tmux.waitFor("slice "), "an image opens")
        var checked: Set<String> = []
        for _ in 0..<2 {
            try tmux.send("i")
            let panel = try #require(try tmux.waitFor { $0.contains("Doe^Jane") || $0.contains("nifti-title") }, "metadata panel")
            if panel.contains("Doe^Jane") {
                checked.insert("dicom")
                #expect(panel.contains("␛]2;pwned-title␇Doe^Jane"), "\(panel)")
                #expect(panel.contains("LEFT⟨U+202E⟩TFEL"))
                #expect(panel.contains("⟨U+009B⟩31mVENDOR⟨U+009D⟩0;c1-title⟨U+009C⟩"))
                #expect(panel.contains("HEAD␛[6n"))
                #expect(panel.contains("␛]52;c;aGFja2Vk␇General"))
                #expect(panel.contains("␛]0;series-title␇AX T1"))
                try tmux.send("PageDown")
                Thread.sleep(forTimeInterval: 0.3)
            } else {
                checked.insert("nifti")
                #expect(panel.contains("␛]2;nifti-title␇T1"), "\(panel)")
                #expect(panel.contains("␛[6n"))
            }
            try Self.escape(tmux)
            try tmux.send("n")
            Thread.sleep(forTimeInterval: 1)
            _ = try tmux.waitFor("slice ")
        }
        #expect(checked == ["dicom", "nifti"])
        try Self.escape(tmux)
        try tmux.send("q")
        let after = try #require(try tmux.waitFor("SLICEMARK_EXIT="))
        #expect(after.contains("SLICEMARK_EXIT=0"))

        let bytes = Self.recorded(output)
        #expect(bytes.count > 10_000, "the viewer's output was recorded")
        Self.expectNoInjectedSequences(bytes, "viewer output")
        let titleAfter = try tmux.paneTitle()
        #expect(titleAfter == titleBefore, "the pane title changed to \(titleAfter)")
        for leaked in ["pwned-title", "series-title", "dir-title", "file-title", "nifti-title", "c1-title"] {
            #expect(!titleAfter.contains(leaked))
        }
    }

    @Test(.enabled(if: TmuxSession.isAvailable))
    func viewerLabelsTemplateAnnotatorAnnotationListAndHelpShowTextAsText() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let image = dir + "/anatomical.nii"
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/anatomical.nii"), toPath: image)
        let labels = dir + "/labels.json", template = dir + "/template.json"
        try #"""
        {"name": "qa\u001b]2;set-title\u0007", "scope": "series", "choice": "single", "labels": [
          {"name": "pass\u001b[6n", "color": "#2E9E44", "description": "ok\u202eko"},
          {"name": "fa\u200bil", "color": "#D1342F"}]}
        """#.write(toFile: labels, atomically: true, encoding: .utf8)
        try #"""
        {"name": "tpl\u001b]52;c;aGk=\u0007", "landmarks": [{"name": "Sella\u001b]2;lm-title\u0007", "description": "\u009b31m"}]}
        """#.write(toFile: template, atomically: true, encoding: .utf8)
        let output = dir + "/out.bytes"
        let tmux = try Self.startRecorded(["--labels", labels, "--landmarks", template,
                                           "--annotator", "eve\u{1B}[6n", image], output: output)
        defer { tmux.close() }
        let titleBefore = try tmux.paneTitle()
        _ = try #require(try tmux.waitFor("slice "))
        try tmux.send("1")
        _ = try #require(try tmux.waitFor("pass␛[6n"), "the label's name in the status line")
        try tmux.send("m")
        _ = try #require(try tmux.waitFor("Sella␛]2;lm-title␇"), "the landmark's name")
        try tmux.send("A")
        let list = try #require(try tmux.waitFor("Sella␛]2;lm-title␇"), "annotation list")
        #expect(!list.contains("\u{1B}"))
        try Self.escape(tmux)
        try tmux.send("?")
        let help = try #require(try tmux.waitFor { $0.contains("fa⟨U+200B⟩il") || $0.contains("pass␛[6n") }, "help")
        #expect(!help.contains("\u{1B}"))
        try Self.escape(tmux)
        try tmux.send("q")
        _ = try #require(try tmux.waitFor("SLICEMARK_EXIT="))
        Self.expectNoInjectedSequences(Self.recorded(output), "viewer output")
        #expect(try tmux.paneTitle() == titleBefore)
    }
}
