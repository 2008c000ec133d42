/// Every element of a header as lines for the metadata browser, sequences nested by depth,
/// patient-identifying elements marked.
enum DICOMMetadataFields {
    /// Elements that identify a patient (or the people and places around them) beyond any
    /// person name, which is always marked: PS3.15 basic profile, the parts a viewer shows.
    static let identifying: Set<UInt32> = [
        0x0008_0050, // Accession Number
        0x0008_0080, 0x0008_0081, 0x0008_0082, // Institution Name, Address, Code Sequence
        0x0008_0090, 0x0008_0092, 0x0008_0094, 0x0008_0096, // Referring Physician …
        0x0008_1010, 0x0008_1040, 0x0008_1048, 0x0008_1050, 0x0008_1060, 0x0008_1070, // station, department, physicians, operators
        0x0018_1000, // Device Serial Number
        0x0020_0010, // Study ID
        0x0032_1032, 0x0032_1033, // Requesting Physician, Service
        0x0038_0010, 0x0038_0400, // Admission ID, Patient's Institution Residence
        0x0040_0006, 0x0040_2016, 0x0040_2017, // Scheduled Performing Physician, order numbers
        0x0040_A123, // Person Name
    ]

    static func identifiesPatient(_ tag: DICOMTag, _ vr: DICOMValueRepresentation) -> Bool {
        tag.group == 0x0010 || vr == .PN || identifying.contains(tag.rawValue)
    }

    static func fields(meta: DICOMDataset?, dataset: DICOMDataset, pixelData: PixelDataLocation?) -> [MetadataField] {
        var out: [MetadataField] = []
        if let meta { append(meta, depth: 0, to: &out) }
        append(dataset, depth: 0, to: &out)
        if let pixelData {
            let size = pixelData.length.map { "\($0) bytes" } ?? "compressed frames"
            out.append(MetadataField(key: pixelData.tag.description, name: DICOMDictionary.name(for: pixelData.tag),
                                     value: "(\(size))"))
        }
        return out
    }

    private static func append(_ ds: DICOMDataset, depth: Int, to out: inout [MetadataField]) {
        for e in ds.elements {
            let phi = identifiesPatient(e.tag, e.vr)
            let name = DICOMDictionary.name(for: e.tag)
            if e.vr == .SQ {
                out.append(MetadataField(key: e.tag.description, name: name,
                                         value: "\(e.items.count) item\(e.items.count == 1 ? "" : "s")",
                                         identifiesPatient: phi, depth: depth))
                for (n, item) in e.items.enumerated() {
                    out.append(MetadataField(key: "(FFFE,E000)", name: "Item \(n + 1)", value: "", depth: depth + 1))
                    append(item, depth: depth + 2, to: &out)
                }
            } else {
                out.append(MetadataField(key: e.tag.description, name: name, value: value(of: e, in: ds),
                                         identifiesPatient: phi, depth: depth))
            }
        }
    }

    static let shownValues = 16

    static func value(of e: DICOMElement, in ds: DICOMDataset) -> String {
        if e.length == 0 { return "" }
        if e.vr.isText { return ds.strings(of: e).joined(separator: "\\") }
        switch e.vr {
        case .US, .SS, .UL, .SL, .FL, .FD, .SV, .UV:
            let numbers = ds.numbers(of: e)
            let shown = numbers.prefix(shownValues).map(format).joined(separator: "\\")
            return numbers.count > shownValues ? "\(shown)\\… (\(numbers.count) values)" : shown
        case .AT:
            var tags: [String] = []
            ds.forEachValue(ds.valueBytes(e), 2) { tags.append(hex4(UInt16(truncatingIfNeeded: $0))) }
            return stride(from: 0, to: tags.count - 1, by: 2).map { "(\(tags[$0]),\(tags[$0 + 1]))" }.joined(separator: "\\")
        default:
            return "(\(e.length) bytes)"
        }
    }

    private static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
