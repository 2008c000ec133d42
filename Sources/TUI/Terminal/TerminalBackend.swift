import Rendering

/// Where frames go and input comes from. The ncurses backend drives a real terminal; the
/// in-memory backend lets a test run the whole loop on a script of events.
public protocol TerminalBackend: AnyObject {
    /// Columns and rows of the screen now.
    var size: (columns: Int, rows: Int) { get }
    /// Waits up to `timeoutMilliseconds` for input, then returns everything already queued
    /// (several held-key repeats arrive together and are handled before one redraw).
    func readEvents(timeoutMilliseconds: Int) -> [InputEvent]
    /// Puts a frame on the screen, sending only the cells that differ from the last one.
    func present(_ grid: CellGrid, mode: ColorMode, fidelity: Fidelity)
    /// The same, with images drawn over their cells by the graphics protocol the backend
    /// was set up for (`images` empty: none shown).
    func present(_ grid: CellGrid, mode: ColorMode, fidelity: Fidelity, images: [PlacedImage])
    /// Width and height of a cell in pixels, when the terminal says.
    var cellPixels: SIMD2<Int>? { get }
    /// Forgets what is on the screen so the next frame is sent in full.
    func invalidate()
    /// Gives the terminal back as it was found. Safe to call more than once.
    func restore()
    /// Lets go of a terminal that has gone away (SIGHUP) without writing to it.
    func abandon()
    /// True once the terminal has hung up (its reads fail), even if no SIGHUP arrived.
    var hasHungUp: Bool { get }
}

extension TerminalBackend {
    /// A backend without graphics draws the cells only.
    public func present(_ grid: CellGrid, mode: ColorMode, fidelity: Fidelity, images: [PlacedImage]) {
        present(grid, mode: mode, fidelity: fidelity)
    }

    public var cellPixels: SIMD2<Int>? { nil }
}
