import Foundation

/// The kitty graphics protocol: a picture sent as RGB (`f=24`), zlib-compressed (`o=z`) unless
/// asked not to, in APC strings
/// `ESC _ G keys ; base64 ESC \`, 4096 base64 bytes a chunk, `m=1` on every chunk but the
/// last (`m=0`). The first chunk carries the keys: `a=T` (transmit and place), the size
/// `s=`/`v=` in pixels, the image id `i=` and placement id `p=`, the placement's size in cells
/// `c=`/`r=` when given, `C=1` (the cursor does not move), `z=-1` (under the text, so text
/// cells written over the image stay readable) and `q=2` (no replies).
///
/// Sending a new picture with the same image and placement id replaces the one shown, so
/// frames never stack; `delete(id:)` removes it and frees its data.
///
/// ```swift
/// var out: [UInt8] = []
/// KittyGraphicsEncoder.encode(canvas, id: 1, cells: (80, 40), into: &out)
/// ```
public enum KittyGraphicsEncoder {
    public static let chunkSize = 4096

    /// Appends the escape sequences that show `canvas` as image `id` at the cursor, scaled to
    /// `cells` (columns, rows) when given, else at its own pixel size. `cursorStays` false lets
    /// the cursor move below the picture, as text would (for `render` in a shell).
    public static func encode(_ canvas: PixelCanvas, id: Int, cells: (columns: Int, rows: Int)? = nil,
                              cursorStays: Bool = true, compressed: Bool = true, into out: inout [UInt8]) {
        guard canvas.width > 0, canvas.height > 0 else { return }
        var rgb = [UInt8](repeating: 0, count: canvas.pixels.count * 3)
        for (i, p) in canvas.pixels.enumerated() {
            rgb[3 * i] = p.r
            rgb[3 * i + 1] = p.g
            rgb[3 * i + 2] = p.b
        }
        // Medical images compress well (black surroundings, smooth tissue): a 1280 × 1280 CT
        // frame goes from 6.6 MB of base64 to about a sixth of that.
        let zlib = compressed ? ZlibStream.compress(rgb) : nil
        let payload = Array(Data(zlib ?? rgb).base64EncodedData())
        var keys = "a=T,f=24,s=\(canvas.width),v=\(canvas.height)" + (zlib != nil ? ",o=z" : "") + ",i=\(id),p=1"
        if let cells { keys += ",c=\(max(cells.columns, 1)),r=\(max(cells.rows, 1))" }
        keys += (cursorStays ? ",C=1" : "") + ",z=-1,q=2"
        var start = 0
        repeat {
            let end = min(start + chunkSize, payload.count)
            let more = end < payload.count
            out.append(contentsOf: [0x1B, 0x5F, 0x47])  // ESC _ G
            out.append(contentsOf: Array(((start == 0 ? keys + "," : "") + "m=\(more ? 1 : 0);").utf8))
            out.append(contentsOf: payload[start..<end])
            out.append(contentsOf: [0x1B, 0x5C])
            start = end
        } while start < payload.count
    }

    /// Deletes image `id`: its placements and its data (`a=d,d=I`).
    public static func delete(id: Int, into out: inout [UInt8]) {
        out.append(contentsOf: [0x1B, 0x5F, 0x47] + Array("a=d,d=I,i=\(id),q=2".utf8) + [0x1B, 0x5C])
    }

    /// The query a terminal with the protocol answers (`ESC _ G i=31;OK ESC \`) and others ignore.
    public static let query: [UInt8] = [0x1B, 0x5F, 0x47] + Array("i=31,s=1,v=1,a=q,t=d,f=24;AAAA".utf8) + [0x1B, 0x5C]
}
