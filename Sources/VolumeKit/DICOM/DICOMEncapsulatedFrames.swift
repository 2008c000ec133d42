/// Splits encapsulated pixel data (PS3.5 A.4) into the byte ranges of each compressed frame.
///
/// The Basic Offset Table (first item) or the Extended Offset Table says where frames start;
/// without either, one fragment a frame when the counts match, otherwise frames are found by
/// their start markers (JPEG SOI, JPEG 2000 SOC) or, for JPEG, at end-of-image markers.
enum DICOMEncapsulatedFrames {
    /// `bytes[start...]` begins at the Basic Offset Table item. Each frame is the list of its
    /// fragments' value ranges in `bytes`.
    static func split(_ bytes: [UInt8], start: Int, frames: Int, extendedOffsets: [UInt64],
                      bigEndian: Bool = false) throws(DICOMParseFailure) -> [[Range<Int>]] {
        func u32(_ at: Int) -> Int {
            Int(UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
        }
        var items: [(itemStart: Int, value: Range<Int>)] = []
        var p = start
        var ended = false
        while p + 8 <= bytes.count {
            let group = UInt16(bytes[p]) | UInt16(bytes[p + 1]) << 8
            let element = UInt16(bytes[p + 2]) | UInt16(bytes[p + 3]) << 8
            let tag = DICOMTag(group, element)
            let length = u32(p + 4)
            if tag == .sequenceDelimitation { ended = true; break }
            guard tag == .item, length != DICOMParser.undefinedLength else {
                throw .malformed(offset: p, tag: .pixelData, detail: "the compressed pixel data holds \(tag) where a fragment was expected")
            }
            guard p + 8 + length <= bytes.count else {
                throw .truncated(offset: p, tag: .pixelData, detail: "a compressed fragment (length \(length)) runs past the end of the file")
            }
            items.append((p, (p + 8)..<(p + 8 + length)))
            p += 8 + length
        }
        if !ended && items.isEmpty {
            throw .truncated(offset: start, tag: .pixelData, detail: "the compressed pixel data is missing")
        }
        if !ended {
            // The last fragment may be whole or not; a file cut short is not shown as if whole.
            let held = max(items.count - 1, 0)
            throw .truncated(offset: p, tag: .pixelData,
                             detail: "the file ends after fragment \(held) of the compressed pixel data, before its Sequence Delimitation Item (FFFE,E0DD): it was cut short (frame \(min(max(held, 1), frames)) of \(frames) may be incomplete)")
        }
        guard let table = items.first else { return [] }
        let fragments = Array(items.dropFirst())
        guard !fragments.isEmpty else {
            throw .malformed(offset: start, tag: .pixelData, detail: "the compressed pixel data holds no fragments")
        }
        let firstFragmentItem = fragments[0].itemStart

        func framesFrom(offsets: [Int]) throws(DICOMParseFailure) -> [[Range<Int>]] {
            var result: [[Range<Int>]] = []
            for (n, offset) in offsets.enumerated() {
                let next = n + 1 < offsets.count ? offsets[n + 1] : Int.max
                let parts = fragments.filter { f in
                    let rel = f.itemStart - firstFragmentItem
                    return rel >= offset && rel < next
                }.map(\.value)
                guard !parts.isEmpty else {
                    throw .malformed(offset: start, tag: .pixelData, detail: "the offset table points at no fragment for frame \(n + 1)")
                }
                result.append(parts)
            }
            return result
        }

        if !extendedOffsets.isEmpty {
            return try framesFrom(offsets: extendedOffsets.map { Int(clamping: $0) })
        }
        if table.value.count >= 4 {
            let count = table.value.count / 4
            let offsets = (0..<count).map { u32(table.value.lowerBound + 4 * $0) }
            if offsets.count == frames, offsets == offsets.sorted() { return try framesFrom(offsets: offsets) }
        }
        if frames == 1 { return [fragments.map(\.value)] }
        if fragments.count == frames { return fragments.map { [$0.value] } }

        // Frames spread over several fragments: a frame starts at a fragment that opens with a
        // JPEG SOI (FFD8) or a JPEG 2000 SOC (FF4F) marker.
        if fragments.count > frames {
            var grouped: [[Range<Int>]] = []
            for f in fragments {
                let v = f.value
                let startsFrame = v.count >= 2 && bytes[v.lowerBound] == 0xFF
                    && (bytes[v.lowerBound + 1] == 0xD8 || bytes[v.lowerBound + 1] == 0x4F)
                if startsFrame || grouped.isEmpty { grouped.append([v]) } else { grouped[grouped.count - 1].append(v) }
            }
            if grouped.count == frames { return grouped }
        }
        // Several frames in one fragment: JPEG streams end at EOI (FFD9) and the next opens with SOI.
        var frameRanges: [[Range<Int>]] = []
        for f in fragments {
            var frameStart = f.value.lowerBound
            var n = f.value.lowerBound
            while n + 3 < f.value.upperBound {
                if bytes[n] == 0xFF, bytes[n + 1] == 0xD9, bytes[n + 2] == 0xFF, bytes[n + 3] == 0xD8 {
                    frameRanges.append([frameStart..<(n + 2)])
                    frameStart = n + 2
                    n += 2
                } else {
                    n += 1
                }
            }
            frameRanges.append([frameStart..<f.value.upperBound])
        }
        if frameRanges.count == frames { return frameRanges }
        throw .malformed(offset: start, tag: .pixelData,
                         detail: "the compressed pixel data holds \(fragments.count) fragment(s) that cannot be matched to \(frames) frame(s)")
    }
}
