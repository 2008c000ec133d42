/// A picture to show as one kitty or sixel image over a rectangle of cells.
public struct PlacedImage: Equatable, Sendable {
    public var rect: CellRect
    public var canvas: PixelCanvas

    public init(rect: CellRect, canvas: PixelCanvas) {
        self.rect = rect
        self.canvas = canvas
    }
}

/// Decides which images a frame sends and writes them: only when the picture changed, and
/// while a key is held at most one every `draftInterval` seconds (the latest; the ones in
/// between are dropped, never queued: the frame drawn when the key is let go sends the last).
///
/// Each image goes at its rectangle's top-left cell between `ESC 7` and `ESC 8`, so the
/// cursor and pen the cell writer knows are what they were. Kitty images are ids 1, 2, 3…
/// in order and replace the ones shown under the same id; ids no longer used are deleted.
/// Sixel pixels stay in the terminal's cells until text overwrites them, so when images go
/// away or move the screen is cleared and every cell written again (`clearsScreen`), and the
/// text cells inside an image are written again over it (`textOver`).
public final class GraphicsPresenter {
    public let graphics: GraphicsProtocol
    public var draftInterval: Double

    public enum Decision: Equatable, Sendable { case unchanged, held, send }

    /// What one frame does.
    public struct Frame: Equatable, Sendable {
        /// Written after the cells.
        public var bytes: [UInt8] = []
        /// Clear the screen and write every cell before `bytes`.
        public var clearsScreen = false
        /// Rectangles whose text cells are written again after `bytes`.
        public var textOver: [CellRect] = []

        public init() {}
    }

    private var shown: [PlacedImage] = []
    private var lastSent = -Double.infinity
    private var screenCleared = false
    private let sixel = SixelEncoder()

    public init(graphics: GraphicsProtocol, draftInterval: Double = 0.1) {
        self.graphics = graphics
        self.draftInterval = draftInterval
    }

    /// Whether to send a changed picture now.
    public static func decide(changed: Bool, drafting: Bool, sinceLastSend: Double, draftInterval: Double) -> Decision {
        guard changed else { return .unchanged }
        return drafting && sinceLastSend < draftInterval ? .held : .send
    }

    /// The terminal's screen was cleared or is unknown: everything is sent again.
    public func invalidate() {
        screenCleared = true
    }

    /// The frame for `images` at time `now` (seconds, any monotonic clock).
    public func frame(_ images: [PlacedImage], drafting: Bool, now: Double) -> Frame {
        let changed = screenCleared || images != shown
        switch Self.decide(changed: changed, drafting: drafting && !screenCleared, sinceLastSend: now - lastSent,
                           draftInterval: draftInterval) {
        case .unchanged, .held: return Frame()
        case .send: break
        }
        var frame = Frame()
        switch graphics {
        case .kitty:
            for n in images.count..<max(shown.count, images.count) {
                KittyGraphicsEncoder.delete(id: n + 1, into: &frame.bytes)
            }
            for (n, image) in images.enumerated() where screenCleared || n >= shown.count || shown[n] != image {
                place(image.rect, into: &frame.bytes) { out in
                    KittyGraphicsEncoder.encode(image.canvas, id: n + 1, cells: (image.rect.columns, image.rect.rows),
                                                into: &out)
                }
            }
        case .sixel:
            let stillCovered = shown.allSatisfy { old in images.contains { $0.rect == old.rect } }
            frame.clearsScreen = !screenCleared && !stillCovered
            for (n, image) in images.enumerated()
            where screenCleared || frame.clearsScreen || n >= shown.count || shown[n] != image {
                place(image.rect, into: &frame.bytes) { out in sixel.encode(image.canvas, into: &out) }
                frame.textOver.append(image.rect)
            }
        case .none:
            break
        }
        shown = images
        lastSent = now
        screenCleared = false
        return frame
    }

    /// Deletes what is shown (kitty) before the terminal is given back.
    public func farewell() -> [UInt8] {
        var out: [UInt8] = []
        if graphics == .kitty { for n in 0..<shown.count { KittyGraphicsEncoder.delete(id: n + 1, into: &out) } }
        shown = []
        return out
    }

    private func place(_ rect: CellRect, into out: inout [UInt8], _ body: (inout [UInt8]) -> Void) {
        out.append(contentsOf: [0x1B, 0x37])  // ESC 7: save cursor and pen
        ANSIBytes.csi(&out)
        out.append(contentsOf: Array("\(rect.row + 1);\(rect.column + 1)H".utf8))
        body(&out)
        out.append(contentsOf: [0x1B, 0x38])  // ESC 8
    }
}
