import Foundation

/// A program running in a detached tmux pane of a fixed size, for end-to-end tests of the
/// viewer: send keys, read the screen with its colours, resize, kill.
///
/// Each session has its own tmux server (`-L`), so tests never touch a user's tmux and can run
/// side by side. The pane's shell prints `SLICEMARK_EXIT=<status>` when the program ends and
/// keeps the pane open, so a test can read both the exit status and what was left on screen.
public final class TmuxSession {
    public let socket: String
    public let name = "viewer"

    /// Starts `arguments` (program first) in a `columns × rows` pane with `environment` added.
    public init(_ arguments: [String], columns: Int, rows: Int, environment: [String: String]) throws {
        socket = "slicemark-test-\(UUID().uuidString.prefix(8))"
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }
        // NO_COLOR from the test runner's environment would turn colour off in the viewer.
        let command = "env -u NO_COLOR " + assignments.joined(separator: " ") + " " + arguments.map(Self.quote).joined(separator: " ")
            + "; echo SLICEMARK_EXIT=$?; sleep 600"
        // The tmux server started here outlives the command and keeps whatever descriptors it
        // inherited, which stops Foundation's Process from noticing the command's exit: so
        // spawn it directly and wait for its pid.
        let status = try Self.spawnAndWait("/usr/bin/tmux", ["-L", socket, "-f", "/dev/null", "new-session", "-d",
                                                             "-s", name, "-x", "\(columns)", "-y", "\(rows)", command])
        guard status == 0 else { throw TmuxError(message: "tmux new-session failed with status \(status)") }
    }

    private static func spawnAndWait(_ path: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        // The test runner blocks most signals; tmux and the program under test must not inherit
        // that, or SIGHUP and SIGTERM would never reach them.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw TmuxError(message: "cannot start \(path): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

    deinit { close() }

    /// Ends the tmux server and everything in it.
    public func close() {
        _ = try? Self.spawnAndWait("/usr/bin/tmux", ["-L", socket, "kill-server"])
    }

    /// Sends keys as tmux names them (`q`, `]`, `Up`, `C-r`, `Escape`); literal text with `literal`.
    public func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    /// Sends many keys in one tmux call, as fast as a terminal would deliver them.
    public func send(contentsOf keys: [String]) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Sends raw bytes to the program, as a terminal would (`send-keys -H`): escape sequences
    /// that tmux has no key name for.
    public func sendBytes(_ bytes: [UInt8]) throws {
        try tmux(["send-keys", "-t", name, "-H"] + bytes.map { String(format: "%02x", $0) })
    }

    /// From now on, every byte the program writes to its terminal is appended to `path`
    /// (`pipe-pane`): what the terminal receives, not what tmux makes of it.
    public func recordOutput(to path: String) throws {
        try tmux(["pipe-pane", "-t", name, "-O", "cat >> " + Self.quote(path)])
    }

    /// The pane's title, which an OSC 0 or OSC 2 sequence reaching the terminal would change.
    public func paneTitle() throws -> String {
        try tmux(["display-message", "-p", "-t", name, "#{pane_title}"]).trimmingCharacters(in: .newlines)
    }

    /// The visible screen; with `escapes`, colours and attributes as SGR sequences.
    public func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e", "-N"] : []))
    }

    /// Polls the screen until `condition` holds and returns that screen. When `timeout` passes
    /// first it throws a `TmuxError` that shows the last screen, so the failure says what the
    /// program showed instead. (The result stays Optional for callers' `#require`; it is never nil.)
    public func waitFor(timeout: Double = 30, escapes: Bool = false, waitingFor what: String = "the condition",
                        _ condition: (String) -> Bool) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        var screen: String
        repeat {
            screen = try capture(escapes: escapes)
            if condition(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        throw TmuxError(message: "waited \(timeout) s for \(what); the last screen was:\n"
            + (escapes ? screen.replacingOccurrences(of: "\u{1B}", with: "\\e") : screen))
    }

    public func waitFor(_ text: String, timeout: Double = 30) throws -> String? {
        try waitFor(timeout: timeout, waitingFor: "\"\(text)\"") { $0.contains(text) }
    }

    public func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// Process id of the program (the child of the pane's shell), nil once it has ended.
    public func programPID() throws -> Int32? {
        let shell = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try runProcess("/usr/bin/pgrep", ["-P", shell])
        return children.stdout.split(separator: "\n").compactMap { Int32($0) }.first { pid in
            let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
            return !comm.hasPrefix("sleep")
        }
    }

    /// Ends the whole tmux server: the program gets SIGHUP, as when an SSH link drops.
    public func killServer() throws {
        close()
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try runProcess("/usr/bin/tmux", ["-L", socket] + arguments)
        if result.status != 0 {
            throw TmuxError(message: "tmux \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return result.stdout
    }

    private static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Whether tmux tests should run. Without tmux they are skipped on a workstation; in CI
    /// (`CI=true`) they run anyway and fail on the missing tmux, so a CI image without it cannot
    /// pass by skipping every end-to-end test.
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
            || ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
    }
}

public struct TmuxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A screen (from `tmux capture-pane -e` or `slicemark render`) read back into cells with the
/// two pixels each half-block cell shows, whatever form the encoder chose (▀, ▄, █ or space).
public struct CapturedScreen {
    public struct Cell: Equatable {
        public var glyph: Character
        public var foreground: [Int]?
        public var background: [Int]?

        /// Top and bottom pixel colours of an image cell; nil for text.
        public var pixels: (top: [Int], bottom: [Int])? {
            let fg = foreground ?? [255, 255, 255], bg = background ?? [0, 0, 0]
            switch glyph {
            case "▀": return (fg, bg)
            case "▄": return (bg, fg)
            case "█": return (fg, fg)
            case " ": return (bg, bg)
            default: return nil
            }
        }
    }

    public var rows: [[Cell]]

    /// Colours carry over from one line to the next, as tmux writes them.
    public init(_ text: String) {
        var fg: [Int]? = nil, bg: [Int]? = nil
        rows = text.split(separator: "\n", omittingEmptySubsequences: false).map { Self.parse(Substring($0), &fg, &bg) }
    }

    public func cell(column: Int, row: Int) -> Cell? {
        guard row >= 0, row < rows.count, column >= 0, column < rows[row].count else { return nil }
        return rows[row][column]
    }

    /// The xterm 256-colour palette (what tmux and the draft frames use for indexed colours).
    public static func xterm256(_ n: Int) -> [Int] {
        let basic = [[0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205],
                     [229, 229, 229], [127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255],
                     [255, 0, 255], [0, 255, 255], [255, 255, 255]]
        if n < 16 { return basic[max(n, 0)] }
        if n < 232 {
            let levels = [0, 95, 135, 175, 215, 255], c = n - 16
            return [levels[c / 36], levels[c / 6 % 6], levels[c % 6]]
        }
        let grey = 8 + 10 * (min(n, 255) - 232)
        return [grey, grey, grey]
    }

    private static func parse(_ line: Substring, _ fg: inout [Int]?, _ bg: inout [Int]?) -> [Cell] {
        var cells: [Cell] = []
        var scalars = line.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            if s == "\u{1B}" {
                guard scalars.next() == "[" else { continue }
                var parameters = ""
                var final: Unicode.Scalar = "m"
                while let c = scalars.next() {
                    if (0x40...0x7E).contains(c.value) { final = c; break }
                    parameters.unicodeScalars.append(c)
                }
                guard final == "m" else { continue }
                let p = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }
                var i = 0
                if p.isEmpty { fg = nil; bg = nil }
                while i < p.count {
                    switch p[i] {
                    case 0: fg = nil; bg = nil
                    case 38 where i + 4 < p.count && p[i + 1] == 2: fg = [p[i + 2], p[i + 3], p[i + 4]]; i += 4
                    case 48 where i + 4 < p.count && p[i + 1] == 2: bg = [p[i + 2], p[i + 3], p[i + 4]]; i += 4
                    case 38 where i + 2 < p.count && p[i + 1] == 5: fg = xterm256(p[i + 2]); i += 2
                    case 48 where i + 2 < p.count && p[i + 1] == 5: bg = xterm256(p[i + 2]); i += 2
                    case 30...37: fg = xterm256(p[i] - 30)
                    case 90...97: fg = xterm256(p[i] - 90 + 8)
                    case 40...47: bg = xterm256(p[i] - 40)
                    case 100...107: bg = xterm256(p[i] - 100 + 8)
                    case 39: fg = nil
                    case 49: bg = nil
                    default: break
                    }
                    i += 1
                }
                continue
            }
            cells.append(Cell(glyph: Character(s), foreground: fg, background: bg))
        }
        return cells
    }
}
