import Rendering

/// Asking the terminal what it can draw, and choosing the protocol from its answers.
///
/// The viewer sends three queries at once: the kitty graphics query (a 1×1 image the terminal
/// only checks, `a=q`; a terminal with the protocol answers `ESC _ G i=31;OK ESC \`), `CSI 16 t`
/// (the cell size in pixels, `CSI 6 ; height ; width t`) and DA1 `CSI c`, which every terminal
/// answers (`CSI ? 62 ; 4 ; … c`, attribute 4 = sixel) and, coming last, ends the wait.
public enum GraphicsProbe {
    public static let query: [UInt8] = KittyGraphicsEncoder.query + [0x1B, 0x5B, 0x31, 0x36, 0x74, 0x1B, 0x5B, 0x63]

    /// What the replies said.
    public struct Answers: Equatable, Sendable {
        public var kitty = false
        public var sixel = false
        /// Width and height of a cell in pixels, if the terminal said.
        public var cellPixels: SIMD2<Int>?
        /// The DA1 reply came: the terminal answered, so what it did not claim it lacks.
        public var answered = false

        public init(kitty: Bool = false, sixel: Bool = false, cellPixels: SIMD2<Int>? = nil, answered: Bool = false) {
            self.kitty = kitty
            self.sixel = sixel
            self.cellPixels = cellPixels
            self.answered = answered
        }
    }

    public static func read(_ replies: [TerminalReply]) -> Answers {
        var answers = Answers()
        for reply in replies {
            switch reply {
            case .controlString(.applicationProgram, let content) where content.hasPrefix("G"):
                // `Gi=31;OK`, or `Gi=31;ENOTSUPPORTED:…` from a terminal that knows the protocol
                // but not this format.
                let parts = content.dropFirst().split(separator: ";", maxSplits: 1)
                if parts.first?.split(separator: ",").contains("i=31") == true, parts.count == 2, parts[1] == "OK" {
                    answers.kitty = true
                }
            case .primaryDeviceAttributes(let attributes):
                answers.answered = true
                // The first number is the terminal class; the rest are its features.
                if attributes.dropFirst().contains(4) { answers.sixel = true }
            case .report(let spelled):
                // "ESC [ 6 ; 20 ; 10 t": cell height and width.
                let numbers = spelled.split(separator: " ").compactMap { Int($0) }
                if spelled.hasSuffix(" t"), numbers.count == 3, numbers[0] == 6, numbers[1] > 0, numbers[2] > 0,
                   numbers[1] <= 512, numbers[2] <= 512 {
                    answers.cellPixels = SIMD2(numbers[2], numbers[1])
                }
            default:
                break
            }
        }
        return answers
    }

    /// The protocol for `--graphics choice`: a named one as asked; for `auto`, half blocks
    /// inside tmux or screen, else kitty or sixel as the terminal answered (kitty first: it
    /// carries 8-bit colour), else, when the terminal did not answer in time, the
    /// environment's hint (`GraphicsEnvironment`), else half blocks.
    ///
    /// `auto` takes sixel only when the cell size in pixels is known (`cellPixelsKnown`): a
    /// sixel image is as many pixels as it is, so one made for a guessed cell size could run
    /// past the image area onto the status rows, and scroll the screen at its bottom. Kitty
    /// images are scaled to their cells and need no such care.
    public static func choose(_ choice: GraphicsChoice, environment: [String: String], answers: Answers?,
                              cellPixelsKnown: Bool = true) -> GraphicsProtocol {
        if let named = choice.named { return named }
        if GraphicsEnvironment.isMultiplexer(environment) { return .none }
        let chosen: GraphicsProtocol
        if let answers, answers.kitty {
            chosen = .kitty
        } else if let answers, answers.sixel {
            chosen = .sixel
        } else if answers?.answered == true {
            chosen = .none
        } else {
            chosen = GraphicsEnvironment.hint(environment) ?? .none
        }
        return chosen == .sixel && !cellPixelsKnown ? .none : chosen
    }

    /// Whether `auto` needs to ask at all (not inside a multiplexer, where it stays with half blocks).
    public static func needsAsking(_ choice: GraphicsChoice, environment: [String: String]) -> Bool {
        choice == .auto ? !GraphicsEnvironment.isMultiplexer(environment) : choice != .none
    }

    /// A cell's pixels when nothing says: the common 10 × 20 of a 10-point font at 96 dpi.
    public static let defaultCellPixels = SIMD2(10, 20)
}
