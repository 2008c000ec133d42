/// Siemens' private CSA Image Header Info (0029,xx10 in the "SIEMENS CSA HEADER" block): named
/// tags, each a list of text items. Two layouts exist (nibabel's `csareader`, after SPM):
///
/// - CSA2 ("SV10"): "SV10", 4 unused bytes, uint32 tag count, uint32 unused; each tag a
///   64-byte name, int32 VM, 4-byte VR, int32 SyngoDT, int32 item count, int32 (77 or 205);
///   each item four int32 (the second is its length), its bytes, padding to 4 bytes.
/// - CSA1 (older, no signature): the same tags without the first 8 bytes; an item's length is
///   its first int32 less the item count of the first tag, and its bytes are followed by
///   `4 − length % 4` bytes (SPM's `decode_csa1`).
///
/// Every number is little endian whatever the transfer syntax.
struct SiemensCSAHeader: Sendable, Equatable {
    enum Layout: Sendable, Equatable { case csa1, csa2 }

    var layout: Layout
    /// Tag name → its non-empty items, in order.
    var tags: [String: [String]]

    static let maximumCount = 1000

    /// The image CSA header of a dataset, when it has one that parses.
    static func image(of ds: DICOMDataset) -> SiemensCSAHeader? {
        for e in ds.elements where e.tag.group == 0x0029 && e.tag.element >= 0x0010 && e.tag.element <= 0x00FF {
            guard ds.strings(of: e).first == "SIEMENS CSA HEADER" else { continue }
            let tag = DICOMTag(0x0029, UInt16(e.tag.element) << 8 | 0x10)
            guard let value = ds.element(tag) else { return nil }
            return SiemensCSAHeader(Array(ds.valueBytes(value)))
        }
        return nil
    }

    init?(_ bytes: [UInt8]) {
        var p = 0
        func int32() -> Int? {
            guard p + 4 <= bytes.count else { return nil }
            let v = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
            p += 4
            return Int(Int32(bitPattern: v))
        }
        func text(_ count: Int) -> String? {
            guard count >= 0, p + count <= bytes.count else { return nil }
            let raw = bytes[p..<(p + count)]
            p += count
            let end = raw.firstIndex(of: 0) ?? raw.endIndex
            return String(decoding: raw[raw.startIndex..<end], as: UTF8.self)
        }
        if bytes.starts(with: Array("SV10".utf8)) {
            layout = .csa2
            p = 8
        } else {
            layout = .csa1
        }
        guard let count = int32(), count > 0, count <= Self.maximumCount, int32() != nil else { return nil }
        var tags: [String: [String]] = [:]
        var firstItemCount: Int?
        for _ in 0..<count {
            guard let name = text(64), let vm = int32(), text(4) != nil, int32() != nil,
                  let itemCount = int32(), int32() != nil, itemCount >= 0, itemCount <= Self.maximumCount else { return nil }
            if firstItemCount == nil { firstItemCount = itemCount }
            let wanted = vm == 0 ? itemCount : vm
            var items: [String] = []
            for n in 0..<itemCount {
                guard let x0 = int32(), let x1 = int32(), int32() != nil, int32() != nil else { return nil }
                let length = layout == .csa2 ? x1 : x0 - (firstItemCount ?? 0)
                if layout == .csa1 && (length < 0 || p + length > bytes.count) { break }
                guard length >= 0, let value = text(length) else { return nil }
                if n < wanted, !value.trimmingCharacters(in: .whitespaces).isEmpty {
                    items.append(value.trimmingCharacters(in: .whitespaces))
                }
                p += layout == .csa2 ? (4 - length % 4) % 4 : 4 - length % 4
            }
            tags[name] = items
        }
        self.tags = tags
    }

    func numbers(_ name: String) -> [Double] { (tags[name] ?? []).compactMap { Double($0) } }

    func int(_ name: String) -> Int? { numbers(name).first.flatMap { $0.isFinite && abs($0) < 1e9 ? Int($0) : nil } }
}
