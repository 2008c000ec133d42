#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VolumeKit

/// The one way text leaves `slicemark` on stdout and stderr. Much of it quotes files (names,
/// DICOM fields, NIfTI `descrip`), so every string passes through `TerminalSafeText` here:
/// no escape sequence, C1 control, bidirectional override or zero-width character from a file
/// reaches a terminal or a log as itself.
enum Output {
    /// Lines of text on stdout; `\n` stays a line break, every other control is shown visibly.
    static func print(_ text: String) {
        write(Array((TerminalSafeText.make(text, keepingLineBreaks: true) + "\n").utf8), to: STDOUT_FILENO)
    }

    /// JSON on stdout: the same document, with controls and invisible characters inside its
    /// strings written as `\uXXXX` escapes.
    static func json(_ text: String) {
        write(Array((TerminalSafeText.jsonEscaped(text) + "\n").utf8), to: STDOUT_FILENO)
    }

    /// A frame of ANSI text (from `FrameEncoder`, which never sends a control scalar as a glyph).
    static func frame(_ bytes: [UInt8]) {
        write(bytes, to: STDOUT_FILENO)
    }

    /// One error line on stderr: `slicemark: <message>`, the message on one line.
    static func error(_ message: String) {
        write(Array(("slicemark: " + TerminalSafeText.make(message) + "\n").utf8), to: STDERR_FILENO)
    }

    /// Several lines on stderr (usage text after a mistake on the command line).
    static func errorLines(_ text: String) {
        write(Array((TerminalSafeText.make(text, keepingLineBreaks: true) + "\n").utf8), to: STDERR_FILENO)
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) {
        _ = bytes.withUnsafeBytes { POSIXFile.writeAll(fd, $0) }
    }
}
