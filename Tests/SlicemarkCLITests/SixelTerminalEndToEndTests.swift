import Foundation
import Testing
import TestSupport

/// The viewer in real graphics terminals under Xvfb: xterm as a VT340 (`-ti vt340`, 256
/// colour registers: sixel) and kitty (its own protocol, software OpenGL), `slicemark view`
/// with the default `--graphics auto`, keys typed through XTEST (scripts/xkeys.py), the screen
/// read back with xwd and ffmpeg. Skipped where any of those is missing
/// (scripts/install-deps.sh installs them).
@Suite(.serialized, .enabled(if: SixelTerminal.isAvailable))
struct SixelTerminalEndToEndTests {
    @Test func theViewerAsksXtermAndDrawsRealPixelsThatFollowTheCursor() throws {
        try cursorFollows(in: .xterm)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kitty")))
    func theViewerAsksKittyAndDrawsRealPixelsThatFollowTheCursor() throws {
        try cursorFollows(in: .kitty)
    }

    private func cursorFollows(in kind: SixelTerminal.Kind) throws {
        let file = Fixtures.path("pydicom/CT_small.dcm")
        // The same viewer in half blocks first: the most colour changes along a screen row it
        // can show is one a cell (one colour across each cell's upper or lower half).
        let halfBlocks: Int
        do {
            let terminal = try SixelTerminal(kind, columns: 110, rows: 36,
                                             command: "\(Fixtures.executable) view --graphics none \(file)")
            defer { terminal.stop() }
            _ = try terminal.waitForScreen(timeout: 20) { $0.mostChanges(rows: 20..<300) > 4 }
            usleep(500_000)  // the whole frame, not its first bytes
            halfBlocks = try terminal.screen().mostChanges(rows: 20..<300)
            try terminal.type("q")
            _ = try terminal.waitForExit(timeout: 10)
        }
        let terminal = try SixelTerminal(kind, columns: 110, rows: 36, command: "\(Fixtures.executable) view \(file)")
        defer { terminal.stop() }
        // Real pixels: the CT's 128 columns, each about three screen pixels wide, many more
        // changes a row than cells.
        let first = try terminal.waitForScreen(timeout: 20) {
            $0.mostChanges(rows: 20..<300) > halfBlocks * 3 / 2 && $0.crosshairColumn(row: 20) != nil
        }
        let start = try #require(first.crosshairColumn(row: 20))
        try terminal.type("llllllllll")
        let moved = try terminal.waitForScreen(timeout: 10) { ($0.crosshairColumn(row: 20) ?? start) > start + 20 }
        let right = try #require(moved.crosshairColumn(row: 20))
        try terminal.type("hhhhhhhhhh")
        let back = try terminal.waitForScreen(timeout: 10) { $0.crosshairColumn(row: 20) == start }
        #expect(back.mostChanges(rows: 20..<300) > halfBlocks * 3 / 2)
        #expect(right > start)
        try terminal.type("q")
        #expect(try terminal.waitForExit(timeout: 10) == "rc=0")
    }
}

/// Xvfb, one terminal in it, and its screen as RGB.
final class SixelTerminal {
    enum Kind { case xterm, kitty }

    static let tools = ["/usr/bin/Xvfb", "/usr/bin/xterm", "/usr/bin/xwd", "/usr/bin/ffmpeg"]
    static var isAvailable: Bool {
        let xtest = ["x86_64", "aarch64"].contains {
            FileManager.default.fileExists(atPath: "/usr/lib/\($0)-linux-gnu/libXtst.so.6")
        }
        return xtest && tools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Screen: CustomStringConvertible {
        var description: String { "screen \(width)×\(height)" }
        let width: Int, height: Int
        let rgb: [UInt8]
        func pixel(_ x: Int, _ y: Int) -> (Int, Int, Int) {
            let i = (y * width + x) * 3
            return (Int(rgb[i]), Int(rgb[i + 1]), Int(rgb[i + 2]))
        }
        /// Distinct greys (r = g = b) in the rows given.
        func greyLevels(rows: Range<Int>) -> Int {
            var seen = Set<Int>()
            for y in rows where y < height {
                for x in 0..<width {
                    let (r, g, b) = pixel(x, y)
                    if r == g && g == b { seen.insert(r) }
                }
            }
            return seen.count
        }
        /// The most colour changes between neighbouring pixels along any one of the rows given.
        func mostChanges(rows: Range<Int>) -> Int {
            rows.filter { $0 < height }.map { y in
                (1..<width).filter { x in pixel(x, y) != pixel(x - 1, y) }.count
            }.max() ?? 0
        }
        /// Leftmost column of the crosshair's vertical line (green over grey) in a row.
        func crosshairColumn(row y: Int) -> Int? {
            (0..<width).first { x in
                let (r, g, b) = pixel(x, y)
                return g > r + 40 && g > b + 40
            }
        }
    }

    private let xvfb = Process()
    private let xterm = Process()
    private let display: String
    private let folder: String
    private let environment: [String: String]
    let size = (width: 800, height: 600)

    init(_ kind: Kind, columns: Int, rows: Int, command: String) throws {
        folder = NSTemporaryDirectory() + "sixel-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A display number of our own: the first whose lock file is free.
        let number = (90..<190).first { !FileManager.default.fileExists(atPath: "/tmp/.X\($0)-lock") } ?? 189
        display = ":\(number)"
        xvfb.executableURL = URL(fileURLWithPath: "/usr/bin/Xvfb")
        xvfb.arguments = [display, "-screen", "0", "\(size.width)x\(size.height)x24", "-nolisten", "tcp"]
        xvfb.standardOutput = FileHandle.nullDevice
        xvfb.standardError = FileHandle.nullDevice
        try xvfb.run()
        let socket = "/tmp/.X11-unix/X\(number)"
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket), Date() < deadline { usleep(50_000) }
        var environment = ["DISPLAY": display, "PATH": "/usr/bin:/bin", "HOME": folder, "SLICEMARK_ANNOTATOR": "tester"]
        if let lang = ProcessInfo.processInfo.environment["LANG"] { environment["LANG"] = lang }
        self.environment = environment
        let script = "cd '\(folder)' && \(command) 2>stderr.txt; echo rc=$? > rc.txt"
        switch kind {
        case .xterm:
            xterm.executableURL = URL(fileURLWithPath: "/usr/bin/xterm")
            xterm.arguments = ["-ti", "vt340", "-xrm", "XTerm*numColorRegisters: 256", "-geometry", "\(columns)x\(rows)+0+0",
                               "-e", "sh", "-c", script]
            xterm.environment = environment
        case .kitty:
            // Xvfb has no GPU: Mesa's software OpenGL, and a config of our own.
            xterm.executableURL = URL(fileURLWithPath: "/usr/bin/kitty")
            xterm.arguments = ["--config", "NONE", "-o", "initial_window_width=\(size.width)",
                               "-o", "initial_window_height=\(size.height)", "-o", "remember_window_size=no",
                               "sh", "-c", script]
            xterm.environment = environment.merging(["LIBGL_ALWAYS_SOFTWARE": "1", "KITTY_CONFIG_DIRECTORY": folder]) { $1 }
        }
        xterm.standardOutput = FileHandle.nullDevice
        xterm.standardError = FileHandle.nullDevice
        try xterm.run()
    }

    /// SIGKILL: the test runner's children may inherit SIGTERM blocked, which Xvfb then ignores.
    func stop() {
        for process in [xterm, xvfb] where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    func screen() throws -> Screen {
        let xwd = folder + "/screen.xwd", raw = folder + "/screen.rgb"
        let shot = try runProcess("/usr/bin/xwd", ["-root", "-silent", "-out", xwd], environment: environment)
        guard shot.status == 0 else { throw Failure("xwd: \(shot.stderr)") }
        let convert = try runProcess("/usr/bin/ffmpeg", ["-loglevel", "error", "-y", "-i", xwd, "-f", "rawvideo",
                                                         "-pix_fmt", "rgb24", raw])
        guard convert.status == 0 else { throw Failure("ffmpeg: \(convert.stderr)") }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: raw)))
        guard bytes.count == size.width * size.height * 3 else { throw Failure("screen is \(bytes.count) bytes") }
        return Screen(width: size.width, height: size.height, rgb: bytes)
    }

    func waitForScreen(timeout: Double, until ready: (Screen) -> Bool) throws -> Screen {
        let deadline = Date().addingTimeInterval(timeout)
        var last = try screen()
        while !ready(last) {
            guard Date() < deadline else {
                let error = (try? String(contentsOfFile: folder + "/stderr.txt", encoding: .utf8)) ?? ""
                throw Failure("the screen never got there in \(timeout) s; the viewer said: \(error)")
            }
            usleep(200_000)
            last = try screen()
        }
        return last
    }

    func type(_ keys: String) throws {
        let result = try runProcess(Fixtures.path("venv/bin/python"),
                                    [Fixtures.repositoryRoot.appendingPathComponent("scripts/xkeys.py").path, keys],
                                    environment: environment)
        guard result.status == 0 else { throw Failure("xkeys: \(result.stderr)") }
    }

    func waitForExit(timeout: Double) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let file = folder + "/rc.txt"
        while Date() < deadline {
            if let rc = try? String(contentsOfFile: file, encoding: .utf8), !rc.isEmpty {
                return rc.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            usleep(100_000)
        }
        throw Failure("the viewer did not quit")
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
