import Foundation
import VolumeKit

/// `deid --verify DIR`: what in a de-identified folder still looks identifying. DICOM files are
/// checked element by element at every depth against the profile and the options the file
/// itself records in (0012,0064); NIfTI headers for text and extensions.
public enum DeidVerify {
    public struct Finding: Sendable, Equatable {
        public var path: String
        /// "(0010,0010) Patient's Name", a NIfTI field, or "" for the file as a whole.
        public var place: String
        public var why: String
    }

    /// `safePrivate`: private attributes kept on purpose (`--retain-safe-private`), not findings.
    public static func scan(_ root: String, safePrivate: SafePrivateList? = nil) -> (findings: [Finding], filesChecked: Int) {
        var findings: [Finding] = []
        var checked = 0
        let files = (try? DatasetFiles.collect(paths: [root]))?.files ?? []
        for file in files {
            let name = (file.path as NSString).lastPathComponent
            checked += 1
            switch DeidJob.kind(of: name) {
            case .sidecar, .pairedVoxels:
                continue
            case .auditLog:
                findings.append(Finding(path: file.path, place: "", why: "an audit log (its values may hold UIDs and free text)"))
            case .labelMap where name.hasSuffix(".seg.txt"):
                continue
            case .nifti, .labelMap:
                findings += nifti(file.path)
            case .dicom:
                findings += dicom(file.path, safePrivate: safePrivate)
            }
        }
        return (findings, checked)
    }

    static func nifti(_ path: String) -> [Finding] {
        let bytes: [UInt8]
        do {
            bytes = path.lowercased().hasSuffix(".gz") ? try WholeGzip.inflate(path: path) : Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            return [Finding(path: path, place: "", why: "cannot be read: \(error)")]
        }
        guard bytes.count >= 348 else { return [Finding(path: path, place: "", why: "not a NIfTI header")] }
        let size = Int32(bitPattern: UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
        let headerSize = size == 348 || size.byteSwapped == 348 ? 348 : 540
        let fields: [(String, Int, Int)] = headerSize == 540
            ? [("descrip", 240, 80), ("aux_file", 320, 24), ("intent_name", 508, 16)]
            : [("db_name", 14, 18), ("descrip", 148, 80), ("aux_file", 228, 24), ("intent_name", 328, 16)]
        var out: [Finding] = []
        for (field, offset, count) in fields where bytes.count >= offset + count {
            if bytes[offset..<(offset + count)].contains(where: { $0 != 0 && $0 != 0x20 }) {
                out.append(Finding(path: path, place: field, why: "holds text"))
            }
        }
        if bytes.count >= headerSize + 4, bytes[headerSize] != 0 {
            out.append(Finding(path: path, place: "extension", why: "the header has extensions (free text, often DICOM headers)"))
        }
        return out
    }

    static func dicom(_ path: String, safePrivate: SafePrivateList? = nil) -> [Finding] {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)), DeidJob.looksLikeDICOM(Array(data)) else {
            return [Finding(path: path, place: "", why: "neither DICOM nor NIfTI: not checked, and not written by deid")]
        }
        let raw: DICOMRawFile
        do { raw = try DICOMRawReader.read(bytes: Array(data), path: path) } catch {
            return [Finding(path: path, place: "", why: "cannot be read: \(error)")]
        }
        var options = Set<DeidOption>()
        var codes: [DICOMRawItem] = []
        if let element = raw.dataset.first(where: { $0.tag.rawValue == 0x0012_0064 }) { codes = element.items }
        for item in codes {
            let value = item.elements.first { $0.tag.rawValue == 0x0008_0100 }.map { DeidDICOM.Run.text($0.bytes) } ?? ""
            if let option = DeidOption.allCases.first(where: { $0.code == value }) { options.insert(option) }
        }
        var out: [Finding] = []
        let removed = raw.dataset.first { $0.tag.rawValue == 0x0012_0062 }.map { DeidDICOM.Run.text($0.bytes) }
        if removed != "YES" {
            out.append(Finding(path: path, place: "(0012,0062) Patient Identity Removed", why: "is not YES: the file was not de-identified"))
        }
        let datesKept = options.contains(.retainFullDates) || options.contains(.retainModifiedDates)
        let scan = Walk(path: path, options: options, datesKept: datesKept, safePrivate: safePrivate)
        scan.walk(raw.meta + raw.dataset, trail: "", cleaned: false, into: &out)
        return out
    }

    static func isDummy(_ text: String) -> Bool {
        ["ANONYMOUS", "ANONYMIZED", "19000101", "19000101000000", "000000", "0", "000D"].contains(text)
    }

    static func isPseudonym(_ text: String) -> Bool {
        text.count == 12 && text.hasPrefix("SM") && text.utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x32...0x39).contains($0) }
    }

    /// One file's scan, element by element at every depth.
    struct Walk {
        let path: String
        let options: Set<DeidOption>
        let datesKept: Bool
        let safePrivate: SafePrivateList?

        /// `cleaned`: inside a sequence the profile cleans (C), whose free text the cleaning pass
        /// has gone through.
        func walk(_ elements: [DICOMRawElement], trail: String, cleaned: Bool, into out: inout [Finding]) {
            var creators: [UInt32: String] = [:]
            for e in elements where e.tag.group & 1 == 1 && (0x10...0xFF).contains(e.tag.element) {
                creators[UInt32(e.tag.group) << 16 | UInt32(e.tag.element)] = DeidDICOM.Run.text(e.bytes)
            }
            for e in elements {
                let place = trail + "\(e.tag) \(DICOMDictionary.name(for: e.tag))"
                let rule = e.tag.group & 1 == 1 ? nil : DeidActionTable.rule(for: e.tag)
                let action = rule?.action(with: options)
                if e.tag.group & 1 == 1 {
                    guard isSafe(e.tag, creators: creators) else {
                        out.append(Finding(path: path, place: place, why: "a private element"))
                        continue
                    }
                }
                for (n, item) in e.items.enumerated() {
                    walk(item.elements, trail: place + " item \(n + 1) > ", cleaned: cleaned || action == .clean, into: &out)
                }
                if case .sequence = e.value { continue }
                if e.tag.group & 1 == 1 { continue }
                check(e, rule: rule, action: action, place: place, cleaned: cleaned, into: &out)
            }
        }

        /// A private creator with a listed element in its group, or a listed element.
        func isSafe(_ tag: DICOMTag, creators: [UInt32: String]) -> Bool {
            guard let safePrivate else { return false }
            if (0x10...0xFF).contains(tag.element) {
                let creator = creators[UInt32(tag.group) << 16 | UInt32(tag.element)] ?? ""
                return safePrivate.entries.contains { $0.group == tag.group && SafePrivateList.normalised($0.creator) == creator }
            }
            guard tag.element >= 0x1000, let creator = creators[UInt32(tag.group) << 16 | UInt32(tag.element >> 8)] else { return false }
            return safePrivate.contains(group: tag.group, creator: creator, element: UInt8(tag.element & 0xFF))
        }

        func check(_ e: DICOMRawElement, rule: DeidRule?, action: DeidAction?, place: String, cleaned: Bool,
                   into out: inout [Finding]) {
            let text = e.vr.holdsText ? DeidDICOM.Run.text(e.bytes) : ""
            let hasValue = !e.bytes.isEmpty && (!e.vr.holdsText || !text.isEmpty)
            guard hasValue else { return }
            if e.tag.rawValue == 0x0010_0010 || e.tag.rawValue == 0x0010_0020 {
                if !isPseudonym(text) { out.append(Finding(path: path, place: place, why: "is not a pseudonym")) }
                return
            }
            if let rule, let action {
                switch action {
                case .remove: out.append(Finding(path: path, place: place, why: "is present, and the profile removes it (\(rule.code))"))
                case .empty: out.append(Finding(path: path, place: place, why: "has a value, and the profile empties it (\(rule.code))"))
                case .dummy where !isDummy(text) && !(datesKept && ["DA", "DT", "TM"].contains(e.vr.description)):
                    out.append(Finding(path: path, place: place, why: "has a value that is not a dummy (\(rule.code))"))
                case .replaceUID where e.vr.description == "UI" && !text.split(separator: "\\").allSatisfy({ $0.hasPrefix("2.25.") }):
                    out.append(Finding(path: path, place: place, why: "a UID that was not replaced"))
                default: break
                }
                return
            }
            switch e.vr.description {
            case "PN" where !isDummy(text) && !isPseudonym(text):
                out.append(Finding(path: path, place: place, why: "a person's name"))
            case "DA" where !datesKept && !isDummy(text), "DT" where !datesKept && !isDummy(text):
                out.append(Finding(path: path, place: place, why: "a date"))
            case "LT" where !cleaned && !isDummy(text), "ST" where !cleaned && !isDummy(text),
                 "UT" where !cleaned && !isDummy(text), "UC" where !cleaned && !isDummy(text):
                out.append(Finding(path: path, place: place, why: "free text"))
            default: break
            }
        }
    }
}
