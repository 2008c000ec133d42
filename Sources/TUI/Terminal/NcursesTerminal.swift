#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcursesw
import Rendering
import VolumeKit

/// The real terminal, through ncursesw: ncurses sets the terminal up (modes, mouse reporting)
/// and restores everything at the end; keys, mouse reports and terminal replies are read as
/// bytes and decoded by `InputDecoder`; the frames themselves are
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
    private var decoder = InputDecoder()
    private var lastSize = (columns: 0, rows: 0)
    /// Set by `useGraphics`: draws images after the cells.
    private var presenter: GraphicsPresenter?
    /// The cell size the terminal reported to `CSI 16 t` (for terminals that leave the
    /// kernel's pixel size at 0).
    private var reportedCellPixels: SIMD2<Int>?
    /// Input read while waiting for the graphics probe's replies, handed out next.
    private var pending: [InputEvent] = []

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
        curs_set(0)
        // Keypad mode stays off: keys arrive as the terminal's own bytes, which `InputDecoder`
        // reads whole (ncurses would split sequences its terminfo entry does not list).
        input = newwin(1, 1, 0, 0)
        decoder = InputDecoder(terminfo: .current())
        // Button 1 press sets the cursor, buttons 4/5 are the wheel (ncurses mouse version 2).
        let button1Pressed: mmask_t = 0o2
        let button4Pressed: mmask_t = 0o2 << 15
        let button5Pressed: mmask_t = 0o2 << 20
        mousemask(button1Pressed | button4Pressed | button5Pressed, nil)
        mouseinterval(0)
        syncNcursesScreen()
        lastSize = size
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

    /// Reads the terminal's bytes itself and decodes them whole (`InputDecoder`): ncurses'
    /// own key reading hands over the pieces of any sequence its terminfo entry lacks, which
    /// then act as keys. Resizes are noticed by the size changing (SIGWINCH interrupts the wait).
    public func readEvents(timeoutMilliseconds: Int) -> [InputEvent] {
        var events: [InputEvent] = pending
        pending = []
        var remaining = max(timeoutMilliseconds, 0)
        while events.count < 512 {
            if let resized = resizeEvent() { events.append(resized) }
            let delay = decoder.wait.milliseconds
            let started = monotonicMilliseconds()
            // With events in hand, only what is already queued (or the end of a sequence) is read.
            let wait = delay ?? (events.isEmpty ? remaining : 0)
            switch waitForInput(milliseconds: wait) {
            case .readable:
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if n > 0 {
                    events += decoder.feed(chunk[0..<n])
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    hasHungUp = true
                    return events + decoder.flush()
                }
            case .timedOut:
                if delay != nil {
                    events += decoder.flush()
                } else {
                    return events
                }
            case .interrupted:
                // A signal: SIGWINCH (checked above next time round) or a stop the run loop handles.
                if let resized = resizeEvent() { events.append(resized) }
                if !events.isEmpty || decoder.wait == .none { return events }
            case .hungUp:
                hasHungUp = true
                return events + decoder.flush()
            }
            if delay == nil { remaining = max(0, remaining - (monotonicMilliseconds() - started)) }
        }
        return events
    }

    private enum WaitResult { case readable, timedOut, interrupted, hungUp }

    private func waitForInput(milliseconds: Int) -> WaitResult {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        let n = poll(&descriptor, 1, Int32(clamping: milliseconds))
        if n < 0 { return errno == EINTR ? .interrupted : .hungUp }
        if n == 0 { return .timedOut }
        if descriptor.revents & Int16(POLLIN) != 0 { return .readable }
        return .hungUp
    }

    private func monotonicMilliseconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int(now.tv_sec) * 1000 + Int(now.tv_nsec) / 1_000_000
    }

    /// A resize event when the terminal's size differs from the last one seen.
    private func resizeEvent() -> InputEvent? {
        let now = size
        guard now.columns != lastSize.columns || now.rows != lastSize.rows else { return nil }
        lastSize = now
        resizeterm(Int32(now.rows), Int32(now.columns))
        syncNcursesScreen()
        return .resize(columns: now.columns, rows: now.rows)
    }

    public func present(_ grid: CellGrid, mode: ColorMode, fidelity: Fidelity) {
        present(grid, mode: mode, fidelity: fidelity, images: [])
    }

    /// Cells first, then the images over them (after ncurses' own refresh, which only happens
    /// in `syncNcursesScreen`), all in one write; with sixel, the text cells inside an image
    /// are written again on top of it.
    public func present(_ grid: CellGrid, mode: ColorMode, fidelity: Fidelity, images: [PlacedImage]) {
        encoder.mode = mode
        buffer.removeAll(keepingCapacity: true)
        let frame = presenter?.frame(images, drafting: fidelity != .exact, now: Double(monotonicMilliseconds()) / 1000)
        if frame?.clearsScreen == true {
            buffer.append(contentsOf: Array("\u{1B}[0m\u{1B}[2J".utf8))
            encoder.invalidate()
        }
        encoder.encode(grid, fidelity: fidelity, into: &buffer)
        if let frame, !frame.bytes.isEmpty {
            buffer.append(contentsOf: frame.bytes)
            encoder.forgetTerminalState()
            for rect in frame.textOver { encoder.forget(rect) { $0.glyph != " " } }
            if !frame.textOver.isEmpty { encoder.encode(grid, fidelity: fidelity, into: &buffer) }
        }
        writeAll(buffer)
    }

    public func invalidate() {
        syncNcursesScreen()
    }

    /// Draws images with `graphics` from now on (`.none`: cells only).
    public func useGraphics(_ graphics: GraphicsProtocol) {
        presenter = graphics == .none ? nil : GraphicsPresenter(graphics: graphics)
    }

    /// Width and height of a cell in pixels: the kernel's window size in pixels when the
    /// terminal sets it, else what it answered to `CSI 16 t`.
    public var cellPixels: SIMD2<Int>? {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0,
           ws.ws_xpixel >= ws.ws_col, ws.ws_ypixel >= ws.ws_row {
            return SIMD2(Int(ws.ws_xpixel) / Int(ws.ws_col), Int(ws.ws_ypixel) / Int(ws.ws_row))
        }
        return reportedCellPixels
    }

    /// Sends `GraphicsProbe.query` and reads the replies until the DA1 answer (which comes
    /// last) or `timeoutMilliseconds`; nil when nothing answered. Keys typed meanwhile are kept
    /// for the next `readEvents`.
    public func probeGraphics(timeoutMilliseconds: Int = 400) -> GraphicsProbe.Answers? {
        writeAll(GraphicsProbe.query)
        var replies: [TerminalReply] = []
        let deadline = monotonicMilliseconds() + timeoutMilliseconds
        var answered = false
        reading: while !answered {
            let left = deadline - monotonicMilliseconds()
            guard left > 0 else { break }
            let sequenceWait = decoder.wait.milliseconds
            switch waitForInput(milliseconds: sequenceWait.map { min($0, left) } ?? left) {
            case .readable:
                var chunk = [UInt8](repeating: 0, count: 4096)
                let n = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                guard n > 0 else { break reading }
                sortEvents(decoder.feed(chunk[0..<n]), &replies, &answered)
            case .timedOut:
                guard sequenceWait != nil else { break reading }
                sortEvents(decoder.flush(), &replies, &answered)
            case .interrupted:
                continue
            case .hungUp:
                break reading
            }
        }
        guard !replies.isEmpty else { return nil }
        let answers = GraphicsProbe.read(replies)
        reportedCellPixels = answers.cellPixels
        return answers
    }

    private func sortEvents(_ events: [InputEvent], _ replies: inout [TerminalReply], _ answered: inout Bool) {
        for event in events {
            if case .reply(let reply) = event {
                replies.append(reply)
                if case .primaryDeviceAttributes = reply { answered = true }
            } else {
                pending.append(event)
            }
        }
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
        presenter?.invalidate()
    }

    public func restore() {
        guard isActive else { return }
        isActive = false
        if let presenter { writeAll(presenter.farewell()) }
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

    /// Set once reading the terminal fails or ends (its hang-up), even if no SIGHUP arrived,
    /// so a viewer whose terminal vanished does not spin.
    public private(set) var hasHungUp = false

    public func abandon() {
        isActive = false
    }

    deinit { restore() }

    private func writeAll(_ bytes: [UInt8]) {
        _ = POSIXFile.writeAll(STDOUT_FILENO, bytes)
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
