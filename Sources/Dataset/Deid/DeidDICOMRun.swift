import Foundation
import VolumeKit

extension DeidDICOM {
    /// The state of one file's pass: its patient, the rows for the map, the values that
    /// identify this patient (for the Clean Descriptors Option).
    struct Run {
        let deid: DeidDICOM
        let options: Set<DeidOption>
        let patientKey: String
        let pseudonym: String
        let dateOffset: Int?
        let identifying: [String]
        var rows: [(String, String, String)] = []
        var notes: [String] = []
        var privateRemoved = 0
        var privateKept = 0
        private var uidCache: [String: String] = [:]

        init(deid: DeidDICOM, top: [DICOMRawElement]) {
            self.deid = deid
            options = deid.settings.options
            func value(_ tag: UInt32) -> String { top.first { $0.tag.rawValue == tag }.map { Run.text($0.bytes) } ?? "" }
            let id = value(0x0010_0020), name = value(0x0010_0010)
            patientKey = id.isEmpty ? name : id
            pseudonym = deid.keys.pseudonym(forPatient: patientKey)
            dateOffset = options.contains(.retainModifiedDates) ? deid.keys.dateOffset(forPatient: patientKey) : nil
            rows.append(("patient", patientKey, pseudonym))
            if let dateOffset { rows.append(("date-offset", patientKey, String(dateOffset))) }
            var words: [String] = []
            for tag: UInt32 in [0x0010_0010, 0x0010_0020, 0x0010_1000, 0x0010_1001, 0x0010_0030, 0x0008_0050, 0x0008_0080,
                                0x0008_0081, 0x0008_0090, 0x0008_1050, 0x0008_1070, 0x0008_1010, 0x0008_1048, 0x0032_1032,
                                0x0008_1040, 0x0010_1040, 0x0010_2154, 0x0020_0010] {
                let v = value(tag)
                guard !v.isEmpty else { continue }
                words.append(v)
                words += v.split(whereSeparator: { "^\\ =,".contains($0) }).map(String.init).filter { $0.count >= 2 }
            }
            identifying = words.sorted { $0.count > $1.count }
        }

        static func text(_ bytes: ArraySlice<UInt8>) -> String {
            String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: [" ", "\0"])
        }

        mutating func mapUID(_ original: String) -> String {
            if original.isEmpty { return "" }
            if let known = uidCache[original] { return known }
            let new = deid.keys.uid(for: original)
            uidCache[original] = new
            rows.append(("uid", original, new))
            return new
        }

        static let markers: Set<UInt32> = [0x0012_0062, 0x0012_0063, 0x0012_0064, 0x0028_0303]

        /// How elements the table does not name are treated: as they are, or, inside a sequence
        /// the table replaces (D) or cleans (C), given a dummy value or cleaned when they hold
        /// text, so that nothing the table does not know survives in such a sequence.
        enum Context { case asIs, dummying, cleaning }

        /// Applies the table to `elements` and, recursively, to every item of every sequence kept.
        mutating func elements(_ elements: [DICOMRawElement], depth: Int = 0, context: Context = .asIs) -> [DICOMRawElement] {
            var out: [DICOMRawElement] = []
            out.reserveCapacity(elements.count)
            let keptBlocks = safePrivateBlocks(elements)
            for element in elements {
                var e = element
                let tag = e.tag
                if tag.group & 1 == 1 {
                    guard keep(private: tag, blocks: keptBlocks) else {
                        privateRemoved += 1
                        continue
                    }
                    if tag.element >= 0x1000 { privateKept += 1 }
                    if case .sequence(let items, let undefined) = e.value {
                        e.value = .sequence(items.map { DICOMRawItem(elements: self.elements($0.elements, depth: depth + 1),
                                                                      undefinedLength: $0.undefinedLength) },
                                            undefinedLength: undefined)
                    }
                    out.append(e)
                    continue
                }
                // Group lengths (retired outside the file meta group) would no longer be right.
                if tag.element == 0 { continue }
                if depth == 0 && Self.markers.contains(tag.rawValue) { continue }
                if tag == .deidPatientID || tag == .deidPatientName {
                    out.append(.text(tag, e.vr, pseudonym))
                    continue
                }
                let rule = DeidActionTable.rule(for: tag)?.action(with: options)
                let action = rule ?? unlisted(e, in: context)
                if case .sequence(let items, let undefined) = e.value {
                    let inner: Context = switch action {
                    case .dummy: .dummying
                    case .clean: .cleaning
                    default: context
                    }
                    switch action {
                    case .remove: continue
                    case .empty: e.value = .sequence([], undefinedLength: undefined)
                    default:
                        e.value = .sequence(items.map { DICOMRawItem(elements: self.elements($0.elements, depth: depth + 1, context: inner),
                                                                      undefinedLength: $0.undefinedLength) },
                                            undefinedLength: undefined)
                    }
                    out.append(e)
                    continue
                }
                switch action {
                case .remove: continue
                case .keep: break
                case .empty: e.value = .bytes([])
                case .dummy: e.value = dummy(e)
                case .clean: e.value = clean(e)
                case .replaceUID:
                    if e.vr == DeidDICOM.vrUI {
                        let values = Self.text(e.bytes).split(separator: "\\", omittingEmptySubsequences: false)
                        let mapped = values.map { mapUID($0.trimmingCharacters(in: [" ", "\0"])) }.joined(separator: "\\")
                        e = .text(tag, e.vr, mapped)
                    } else {
                        e.value = dummy(e)
                    }
                }
                out.append(e)
            }
            return out
        }

        /// Text VRs that can carry a name, a place, a date or free text; coded strings (CS),
        /// numbers and UIDs (the table's U rows) are left to the table.
        static let freeTextVRs: Set<String> = ["AE", "AS", "DA", "DT", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UR", "UT"]

        /// The action for an element the table does not name.
        func unlisted(_ e: DICOMRawElement, in context: Context) -> DeidAction {
            guard context != .asIs, Self.freeTextVRs.contains(e.vr.description) else { return .keep }
            return context == .dummying ? .dummy : .clean
        }

        /// The blocks (group << 16 | block number) among `elements` with an element on the safe
        /// list, and their creators.
        func safePrivateBlocks(_ elements: [DICOMRawElement]) -> [UInt32: String] {
            guard let safe = deid.settings.safePrivate else { return [:] }
            var creators: [UInt32: String] = [:]
            var kept: [UInt32: String] = [:]
            for e in elements where e.tag.group & 1 == 1 {
                if (0x10...0xFF).contains(e.tag.element) {
                    creators[UInt32(e.tag.group) << 16 | UInt32(e.tag.element)] = Self.text(e.bytes)
                } else if e.tag.element >= 0x1000 {
                    let block = UInt32(e.tag.group) << 16 | UInt32(e.tag.element >> 8)
                    if let creator = creators[block],
                       safe.contains(group: e.tag.group, creator: creator, element: UInt8(e.tag.element & 0xFF)) {
                        kept[block] = creator
                    }
                }
            }
            return kept
        }

        /// Whether a private element stays: a creator of a block with a safe element, or a
        /// safe element itself.
        func keep(private tag: DICOMTag, blocks: [UInt32: String]) -> Bool {
            guard let safe = deid.settings.safePrivate, !blocks.isEmpty else { return false }
            if (0x10...0xFF).contains(tag.element) { return blocks[UInt32(tag.group) << 16 | UInt32(tag.element)] != nil }
            guard tag.element >= 0x1000 else { return false }
            guard let creator = blocks[UInt32(tag.group) << 16 | UInt32(tag.element >> 8)] else { return false }
            return safe.contains(group: tag.group, creator: creator, element: UInt8(tag.element & 0xFF))
        }

        /// D: a value consistent with the VR that says nothing.
        mutating func dummy(_ e: DICOMRawElement) -> DICOMRawValue {
            let text: String
            switch e.vr.description {
            case "PN": text = "ANONYMOUS"
            case "DA": text = dateOffset != nil ? DeidDates.shiftDA(Self.text(e.bytes), days: dateOffset!) : "19000101"
            case "DT": text = dateOffset != nil ? DeidDates.shiftDT(Self.text(e.bytes), days: dateOffset!) : "19000101000000"
            case "TM": text = dateOffset != nil ? Self.text(e.bytes) : "000000"
            case "UI": text = mapUID(Self.text(e.bytes))
            case "AS": text = "000D"
            case "DS", "IS": text = "0"
            case "AE", "CS", "LO", "SH", "LT", "ST", "UT", "UC", "UR": text = "ANONYMIZED"
            default:
                return .bytes([UInt8](repeating: 0, count: max(2, min(8, e.bytes.count)))[...])
            }
            return DICOMRawElement.text(e.tag, e.vr, text).value
        }

        /// C: dates moved by the patient's offset (Modified Dates Option); text with every value
        /// that identifies this patient, and anything that looks like a date, taken out.
        func clean(_ e: DICOMRawElement) -> DICOMRawValue {
            let value = Self.text(e.bytes)
            var text: String
            switch e.vr.description {
            case "DA": text = dateOffset.map { DeidDates.shiftDA(value, days: $0) } ?? ""
            case "DT": text = dateOffset.map { DeidDates.shiftDT(value, days: $0) } ?? ""
            case "TM": text = dateOffset != nil ? value : ""
            default:
                guard e.vr.holdsText else { return e.value }
                text = value
                for word in identifying where !word.isEmpty {
                    text = text.replacingOccurrences(of: word, with: "", options: [.caseInsensitive])
                }
                text = text.replacingOccurrences(of: #"\b(19|20)\d\d[-./]?\d\d[-./]?\d\d\b"#, with: "", options: .regularExpression)
                text = text.replacingOccurrences(of: #"\b\d\d?[-./]\d\d?[-./](19|20)?\d\d\b"#, with: "", options: .regularExpression)
                text = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            }
            return DICOMRawElement.text(e.tag, e.vr, text).value
        }

        /// (0012,0062), (0012,0063), (0012,0064) and (0028,0303), in tag order.
        mutating func markers(_ dataset: [DICOMRawElement]) -> [DICOMRawElement] {
            var methods: [(code: String, meaning: String)] = [("113100", "Basic Application Confidentiality Profile")]
            for option in DeidActionTable.optionOrder.sorted(by: { $0.code < $1.code }) where options.contains(option) {
                methods.append((option.code, option.standardName))
            }
            if !deid.settings.cleanPixels.isEmpty { methods.append(("113101", "Clean Pixel Data Option")) }
            methods.sort { $0.code < $1.code }
            let longitudinal = options.contains(.retainFullDates) ? "UNMODIFIED" : options.contains(.retainModifiedDates) ? "MODIFIED" : "REMOVED"
            let codes = methods.map { m in
                DICOMRawItem(elements: [
                    .text(DICOMTag(0x0008, 0x0100), DeidDICOM.vrSH, m.code),
                    .text(DICOMTag(0x0008, 0x0102), DeidDICOM.vrSH, "DCM"),
                    .text(DICOMTag(0x0008, 0x0104), DeidDICOM.vrLO, m.meaning),
                ])
            }
            var out = dataset
            out += [
                .text(.deidIdentityRemoved, DeidDICOM.vrCS, "YES"),
                .text(.deidMethod, DeidDICOM.vrLO, methods.map(\.meaning).joined(separator: "\\")),
                DICOMRawElement(tag: .deidMethodCodes, vr: DeidDICOM.vrSQ, value: .sequence(codes, undefinedLength: false)),
                .text(.deidLongitudinal, DeidDICOM.vrCS, longitudinal),
            ]
            // Stable: equal tags cannot occur (the markers were dropped from the input).
            return out.enumerated().sorted { ($0.element.tag, $0.offset) < ($1.element.tag, $1.offset) }.map(\.element)
        }

        /// `--clean-pixels`: zero the rectangles in every frame of native pixel data.
        mutating func cleanPixels(_ dataset: inout [DICOMRawElement], encapsulated: Bool) {
            guard let index = dataset.firstIndex(where: { $0.tag == .deidPixelData }) else { return }
            guard case .bytes(let stored) = dataset[index].value, !encapsulated else {
                notes.append("pixels not cleaned: the pixel data is compressed (only uncompressed pixel data can be blanked)")
                return
            }
            func number(_ tag: UInt32) -> Int {
                guard let e = dataset.first(where: { $0.tag.rawValue == tag }) else { return 0 }
                let b = e.bytes
                if e.vr.description == "US", b.count >= 2 { return Int(b[b.startIndex]) | Int(b[b.startIndex + 1]) << 8 }
                return Int(Self.text(b)) ?? 0
            }
            let rows = number(0x0028_0010), columns = number(0x0028_0011)
            let samples = max(1, number(0x0028_0002)), bytesPerSample = max(1, number(0x0028_0100) / 8)
            let planar = number(0x0028_0006) == 1
            let frameBytes = rows * columns * samples * bytesPerSample
            guard frameBytes > 0, number(0x0028_0100) % 8 == 0 else {
                notes.append("pixels not cleaned: the pixel layout is not byte-aligned")
                return
            }
            var pixels = Array(stored)
            let frames = pixels.count / frameBytes
            for f in 0..<frames {
                for r in deid.settings.cleanPixels {
                    for y in r.y..<min(rows, r.y + r.height) {
                        for x in r.x..<min(columns, r.x + r.width) {
                            for s in 0..<samples {
                                let sampleIndex = planar ? s * rows * columns + y * columns + x : (y * columns + x) * samples + s
                                let at = f * frameBytes + sampleIndex * bytesPerSample
                                for k in 0..<bytesPerSample { pixels[at + k] = 0 }
                            }
                        }
                    }
                }
            }
            dataset[index].value = .bytes(pixels[...])
            notes.append("pixels blanked in \(deid.settings.cleanPixels.count) rectangle(s) of \(frames) frame(s)")
        }
    }
}
