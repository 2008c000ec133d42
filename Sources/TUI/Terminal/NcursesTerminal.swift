#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcursesw
import Rendering

/// The real terminal, through ncursesw: ncurses sets the terminal up, decodes keys and mouse
/// reports, follows resizes and restores everything at the end; the frames themselves are
/// written by Rendering's `FrameEncoder` straight to the terminal as escape sequences.
///
/// Why not draw through ncurses: truecolour through ncurses needs a `*-direct` terminfo entry,
/// which a plain `TERM=xterm-256color` over SSH does not have. So ncurses never draws: it only
/// refreshes a 1×1 input window once, and after a resize, before the next full frame.
///
/// Every call into the C library is in this file.
public final class NcursesTerminal: TerminalBackend {
    private var screen: OpaquePointer?
    private var input: UnsafeMutablePointer<WINDOW>?
    private let encoder = FrameEncoder(mode: .truecolor)
    private var buffer: [UInt8] = []
    private var isActive = false

    /// Sets the terminal up; throws when standard input/output is not a terminal ncurses can drive.
    public init() throws {
        setlocale(LC_ALL, "")
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalError.notATerminal }
        guard let screen = newterm(nil, fdopen(STDOUT_FILENO, "w"), fdopen(STDIN_FILENO, "r")) else {
            throw TerminalError.unknownTerminal(getenv("TERM").map { String(cString: $0) } ?? "")
        }
        self.screen = screen
        isActive = true
        cbreak()
        noecho()
        nonl()
        set_escdelay(25)
        curs_set(0)
        let window = newwin(1, 1, 0, 0)
        input = window
        keypad(window, true)
        // Button 1 press sets the cursor, buttons 4/5 are the wheel (ncurses mouse version 2).
        let button1Pressed: mmask_t = 0o2
        let button4Pressed: mmask_t = 0o2 << 15
        let button5Pressed: mmask_t = 0o2 << 20
        mousemask(button1Pressed | button4Pressed | button5Pressed, nil)
        mouseinterval(0)
        syncNcursesScreen()
    }

    /// The colour count terminfo reports for this terminal (`tigetnum("colors")`), nil if unknown.
    public var terminfoColors: Int? {
        let n = "colors".withCString { tigetnum(UnsafeMutablePointer(mutating: $0)) }
        return n > 0 ? Int(n) : nil
    }

    public var size: (columns: Int, rows: Int) {
        var ws = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 else { return (80, 24) }
        return (Int(ws.ws_col), Int(ws.ws_row))
    }

    public func readEvents(timeoutMilliseconds: Int) -> [InputEvent] {
        guard let input else { return [] }
        var events: [InputEvent] = []
        wtimeout(input, Int32(timeoutMilliseconds))
        if let first = readOne() { events.append(first) } else {
            checkHangUp()
            return []
        }
        wtimeout(input, 0)
        while events.count < 512, let next = readOne() { events.append(next) }
        return events
    }

    private func readOne() -> InputEvent? {
        var ch: wint_t = 0
        let status = wget_wch(input, &ch)
        if status == ERR { return nil }
        if status == KEY_CODE_YES { return special(Int32(ch)) }
        return InputDecoder.character(UInt32(ch)).map { .key($0) } ?? readOne()
    }

    private func special(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_RESIZE:
            syncNcursesScreen()
            let now = size
            return .resize(columns: now.columns, rows: now.rows)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return readOne() }
            let state = UInt(event.bstate)
            let kind: MouseEvent.Kind
            if state & (0o2 << 15) != 0 { kind = .wheelUp }
            else if state & (0o2 << 20) != 0 { kind = .wheelDown }
            else if state & 0o2 != 0 { kind = .press }
            else { return readOne() }
            return .mouse(MouseEvent(kind: kind, column: Int(event.x), row: Int(event.y)))
        default:
            return InputDecoder.keypadKey(code).map { .key($0) } ?? readOne()
        }
    }

    public func present(_ grid: CellGrid, mode: ColorMode, fidelity: Fidelity) {
        encoder.mode = mode
        buffer.removeAll(keepingCapacity: true)
        encoder.encode(grid, fidelity: fidelity, into: &buffer)
        writeAll(buffer)
    }

    public func invalidate() {
        syncNcursesScreen()
        encoder.invalidate()
    }

    /// Lets ncurses do the one refresh it wants (it clears the screen after start and resize)
    /// now, so it never paints over a frame later.
    private func syncNcursesScreen() {
        if let input {
            touchwin(input)
            wnoutrefresh(input)
        }
        doupdate()
        encoder.invalidate()
    }

    public func restore() {
        guard isActive else { return }
        isActive = false
        // Clear before leaving the alternate screen: terminals without one (and tmux after a
        // resize) would otherwise keep the last frame.
        writeAll(Array("\u{1B}[0m\u{1B}[2J\u{1B}[H\u{1B}[?25h".utf8))
        mousemask(0, nil)
        endwin()
        if let input { delwin(input) }
        if let screen { delscreen(screen) }
        input = nil
        screen = nil
    }

    public private(set) var hasHungUp = false

    /// A read that fails at once means either a timeout or a terminal that is gone; poll tells
    /// them apart, so a viewer whose terminal vanished without a SIGHUP does not spin.
    private func checkHangUp() {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) >= 0 else { return }
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { hasHungUp = true }
    }

    public func abandon() {
        isActive = false
    }

    deinit { restore() }

    private func writeAll(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}

public enum TerminalError: Error, Equatable, CustomStringConvertible {
    case notATerminal
    case unknownTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the viewer needs a terminal (standard input and output are not one); `slicemark render` writes a frame to a pipe"
        case .unknownTerminal(let term):
            return "the terminal type TERM=\(term.isEmpty ? "(unset)" : term) is unknown to terminfo; try TERM=xterm-256color"
        }
    }
}
