import Foundation
import VolumeKit

/// NIfTI-1, NIfTI-2 and Analyze 7.5 headers with their free-text fields cleared and their
/// extensions dropped; the voxels and every geometry field (dims, pixdim, qform, sform) keep
/// their bytes.
public enum DeidNIfTI {
    public struct Result: Sendable {
        public var header: [UInt8]
        /// Bytes after the header (voxels; for a .hdr of a pair, nothing).
        public var voxels: ArraySlice<UInt8>
        public var droppedExtensionBytes: Int
    }

    /// `bytes`: a whole .nii (uncompressed) or a .hdr. Nil when it is not a NIfTI/Analyze header.
    public static func clean(_ bytes: [UInt8], pairedHeader: Bool) -> Result? {
        guard bytes.count >= 348 else { return nil }
        func le32(_ at: Int) -> Int32 { Int32(bitPattern: UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24) }
        let size = le32(0)
        let swapped = size.byteSwapped
        let bigEndian = size != 348 && size != 540 && (swapped == 348 || swapped == 540)
        let headerSize = Int(bigEndian ? swapped : size)
        guard headerSize == 348 || headerSize == 540, bytes.count >= headerSize else { return nil }
        var header = Array(bytes[0..<headerSize])
        func clear(_ offset: Int, _ count: Int) { for n in offset..<(offset + count) { header[n] = 0 } }
        let isNIfTI1 = headerSize == 348 && (header[344...347].elementsEqual(Array("n+1\0".utf8)) || header[344...347].elementsEqual(Array("ni1\0".utf8)))
        if headerSize == 540 {
            clear(240, 80)   // descrip
            clear(320, 24)   // aux_file
            clear(508, 16)   // intent_name
        } else {
            clear(14, 18)    // db_name
            clear(148, 80)   // descrip
            clear(228, 24)   // aux_file
            if isNIfTI1 {
                clear(328, 16)   // intent_name
            } else {
                // Analyze 7.5 data_history: generated, scannum, patient_id, exp_date, exp_time,
                // hist_un0 (originator, the SPM origin, is kept).
                clear(263, 53)
            }
        }
        // The extension flag and the extensions after the header: gone, voxels moved up.
        var voxelOffset = headerSize
        var dropped = 0
        if !pairedHeader {
            let declared: Int
            if headerSize == 540 {
                var v: UInt64 = 0
                for k in (0..<8).reversed() { v = v << 8 | UInt64(bytes[168 + (bigEndian ? 7 - k : k)]) }
                declared = Int(clamping: v)
            } else {
                var raw = UInt32(bytes[108]) | UInt32(bytes[109]) << 8 | UInt32(bytes[110]) << 16 | UInt32(bytes[111]) << 24
                if bigEndian { raw = raw.byteSwapped }
                let f = Float(bitPattern: raw)
                declared = f.isFinite && f >= 0 ? Int(f) : headerSize
            }
            voxelOffset = min(max(declared, headerSize), bytes.count)
            let newOffset = headerSize + 4
            dropped = max(0, voxelOffset - newOffset)
            setVoxelOffset(&header, newOffset, headerSize: headerSize, bigEndian: bigEndian)
            header += [0, 0, 0, 0]
        } else if bytes.count >= headerSize + 4 {
            dropped = bytes.count - headerSize
        }
        return Result(header: header, voxels: pairedHeader ? [] : bytes[voxelOffset...], droppedExtensionBytes: dropped)
    }

    private static func setVoxelOffset(_ header: inout [UInt8], _ offset: Int, headerSize: Int, bigEndian: Bool) {
        if headerSize == 540 {
            for k in 0..<8 {
                let byte = UInt8(truncatingIfNeeded: UInt64(offset) >> (8 * UInt64(k)))
                header[168 + (bigEndian ? 7 - k : k)] = byte
            }
        } else {
            var raw = Float(offset).bitPattern
            if bigEndian { raw = raw.byteSwapped }
            for k in 0..<4 { header[108 + k] = UInt8(truncatingIfNeeded: raw >> (8 * UInt32(k))) }
        }
    }

    /// The de-identified bytes of a NIfTI/Analyze file at `path` (gzip in, gzip out).
    public static func process(path: String) throws(DeidError) -> (bytes: [UInt8], droppedExtensionBytes: Int) {
        let lower = path.lowercased()
        let gz = lower.hasSuffix(".gz")
        var raw: [UInt8]
        do {
            raw = gz ? try WholeGzip.inflate(path: path) : Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        let paired = lower.hasSuffix(".hdr") || lower.hasSuffix(".hdr.gz")
        guard let result = clean(raw, pairedHeader: paired) else {
            throw .unreadable(path: path, reason: "not a NIfTI or Analyze header")
        }
        raw = result.header + result.voxels
        if gz {
            do { raw = try GzipCompressor(level: 6).compress(raw) } catch {
                throw .cannotWrite(path: path, reason: error.description)
            }
        }
        return (raw, result.droppedExtensionBytes)
    }

    public static func isNIfTIName(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasSuffix(".nii") || n.hasSuffix(".nii.gz") || n.hasSuffix(".hdr") || n.hasSuffix(".hdr.gz")
    }

    public static func isPairedImageName(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.hasSuffix(".img") || n.hasSuffix(".img.gz")
    }
}
