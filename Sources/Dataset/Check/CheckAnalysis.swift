import Foundation
import VolumeKit

/// Finds every problem in a set of file facts. Pure: the same facts give the same findings,
/// whether read in one run or merged from shards.
struct CheckAnalysis {
    let facts: [FileFacts]
    let units: ImageUnits
    var findings: [CheckFinding] = []
    /// Paths of images (NIfTI files, DICOM series folders + UID) that have annotations.
    var annotated = Set<String>()

    init(facts: [FileFacts]) {
        self.facts = facts.sorted { ($0.key, $0.path) < ($1.key, $1.path) }
        self.units = ImageUnits(self.facts)
    }

    static func run(_ facts: [FileFacts]) -> [CheckFinding] {
        var a = CheckAnalysis(facts: facts)
        a.unreadable()
        a.duplicates()
        for series in a.units.series { a.check(series) }
        a.missingAttributes()
        a.sidecars()
        a.labelMaps()
        a.unannotated()
        return Array(Set(a.findings)).sorted()
    }

    mutating func add(_ severity: CheckFinding.Severity, _ code: CheckCode, _ path: String, _ message: String) {
        findings.append(CheckFinding(severity, code, path, message))
    }

    mutating func unreadable() {
        for f in facts where f.kind == .unreadable {
            var problem = f.problem ?? "cannot be read"
            if problem.hasPrefix(f.path + ": ") { problem.removeFirst(f.path.count + 2) }
            add(.error, .unreadable, f.path, problem)
        }
    }

    mutating func duplicates() {
        var bySOP: [String: [FileFacts]] = [:]
        var byPixels: [String: [FileFacts]] = [:]
        for f in facts {
            if let d = f.dicom, f.kind == .dicom {
                if let sop = d.sopInstanceUID { bySOP[sop, default: []].append(f) }
                if let pixels = d.pixelSHA256 { byPixels["dicom " + pixels, default: []].append(f) }
            } else if f.kind == .nifti, let sha = f.sha256 {
                byPixels["nifti " + sha + (f.nifti?.pairedSHA256 ?? ""), default: []].append(f)
            }
        }
        for (sop, group) in bySOP where group.count > 1 {
            for f in group.dropFirst() {
                add(.error, .duplicateSOPInstanceUID, f.path, "SOP Instance UID \(sop) is also that of \(group[0].path)")
            }
        }
        for (_, group) in byPixels where group.count > 1 {
            for f in group.dropFirst() {
                let what = f.kind == .dicom ? "the same pixel data (SHA-256 of Pixel Data)" : "the same content (SHA-256)"
                var message = "\(what) as \(group[0].path)"
                if let a = group[0].dicom?.sopInstanceUID, let b = f.dicom?.sopInstanceUID, a != b {
                    message += ", under another SOP Instance UID (\(b), the other \(a))"
                }
                add(.error, .duplicateImage, f.path, message)
            }
        }
    }

    mutating func check(_ series: CheckedSeries) {
        // Patient and study attributes that differ within the series.
        for (keyword, _) in CheckTags.identity {
            var byValue: [String: [FileFacts]] = [:]
            for f in series.files { byValue[f.dicom?.identity[keyword] ?? "(none)", default: []].append(f) }
            guard byValue.count > 1 else { continue }
            let ranked = byValue.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
            let summary = ranked.map { "'\($0.key)' in \($0.value.count) file\($0.value.count == 1 ? "" : "s")" }.joined(separator: ", ")
            for (_, files) in ranked.dropFirst() {
                for f in files {
                    add(.error, .inconsistentSeries, f.path, "\(keyword) differs within \(series.label): \(summary)")
                }
            }
        }
        // Orientations.
        var byOrientation: [String: [FileFacts]] = [:]
        for f in series.files {
            if let o = f.dicom?.imageOrientation { byOrientation[SeriesGeometry.orientationKey(o), default: []].append(f) }
        }
        if byOrientation.count > 1 {
            let ranked = byOrientation.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }
            for (key, files) in ranked.dropFirst() {
                for f in files {
                    add(.error, .mixedOrientation, f.path,
                        "Image Orientation (Patient) \(key) differs from the most common one in \(series.label), \(ranked[0].key) "
                            + "(\(ranked[0].value.count) of its \(series.files.count) files)")
                }
            }
        }
        spacing(series)
    }

    /// Missing slices and uneven spacing, from the positions along the normal.
    mutating func spacing(_ series: CheckedSeries) {
        guard let geometry = SeriesGeometry(series), geometry.slices.count >= 3, let spacing = geometry.spacing, spacing > 0 else { return }
        let slices = geometry.slices
        var uneven: [String] = []
        for (n, gap) in geometry.gaps.enumerated() {
            let before = slices[n], after = slices[n + 1]
            let ratio = gap / spacing
            let where_ = "between \(name(before.path)) (\(mm(before.position)) mm) and \(name(after.path)) (\(mm(after.position)) mm)"
            if ratio >= 1.5, abs(ratio - ratio.rounded()) <= 0.2 {
                let missing = Int(ratio.rounded()) - 1
                add(.error, .missingSlice, series.displayPath,
                    "\(missing) slice\(missing == 1 ? "" : "s") missing in \(series.label) \(where_): a gap of \(mm(gap)) mm where the slices are \(mm(spacing)) mm apart")
            } else if abs(gap - spacing) > max(0.01, 0.02 * spacing) {
                uneven.append("\(mm(gap)) mm \(where_)")
            }
        }
        if !uneven.isEmpty {
            let shown = uneven.prefix(3).joined(separator: "; ") + (uneven.count > 3 ? "; and \(uneven.count - 3) more" : "")
            add(.warning, .unevenSpacing, series.displayPath,
                "\(series.label): slices are \(mm(spacing)) mm apart (median along the normal) but \(uneven.count) gap\(uneven.count == 1 ? " is" : "s are") not: \(shown)")
        }
    }

    mutating func missingAttributes() {
        for series in units.series {
            let iod = series.first.sopClassUID.flatMap { IODRequirements.bySOPClass[$0]?.iod }.map { "the \($0) IOD" } ?? "any image"
            // Attributes every file lacks are said once for the series; the rest file by file.
            var everywhere = series.files[0].dicom?.missing ?? []
            for f in series.files.dropFirst() { everywhere = everywhere.filter((f.dicom?.missing ?? []).contains) }
            if !everywhere.isEmpty {
                let files = series.files.count == 1 ? "" : "all \(series.files.count) files of \(series.label) "
                add(Self.severity(everywhere), .missingAttribute, series.displayPath,
                    "\(files)lack\(series.files.count == 1 ? "s" : "") Type 1 attributes \(iod) requires: \(everywhere.joined(separator: ", "))")
            }
            for f in series.files {
                let own = (f.dicom?.missing ?? []).filter { !everywhere.contains($0) }
                guard !own.isEmpty else { continue }
                add(Self.severity(own), .missingAttribute, f.path, "lacks Type 1 attributes \(iod) requires: \(own.joined(separator: ", "))")
            }
            let identifying = Set(series.dicom.flatMap(\.identifying))
            if !identifying.isEmpty {
                let ordered = CheckTags.identifying.map(\.0).filter(identifying.contains)
                add(.warning, .phiPresent, series.displayPath,
                    "\(series.label) holds identifying attributes: \(ordered.joined(separator: ", "))")
            }
        }
        // A NIfTI header's free text is where a converter may have left a name or a date.
        for f in units.nifti {
            guard let fields = f.nifti?.textFields, !fields.isEmpty else { continue }
            add(.warning, .phiPresent, f.path, "the NIfTI header holds free text in \(fields.joined(separator: ", ")) (deid clears it)")
        }
        // Non-image DICOM files (reports, plans) are checked one by one.
        for f in facts where f.kind == .dicom && !(f.dicom?.hasPixelData ?? true) {
            guard let d = f.dicom, !d.missing.isEmpty else { continue }
            let iod = d.sopClassUID.flatMap { IODRequirements.bySOPClass[$0]?.iod }.map { "the \($0) IOD" } ?? "any DICOM object"
            add(Self.severity(d.missing), .missingAttribute, f.path,
                "lacks Type 1 attributes \(iod) requires: \(d.missing.joined(separator: ", "))")
        }
    }

    /// Missing attributes an image needs for its geometry, pixels or modality are errors.
    static func severity(_ missing: [String]) -> CheckFinding.Severity {
        missing.contains(where: IODRequirements.essential.contains) ? .error : .warning
    }

    mutating func unannotated() {
        for series in units.series where !annotated.contains(seriesKey(series)) {
            add(.warning, .unannotated, series.displayPath, "\(series.label) has no annotations (no sidecar with records, no label map)")
        }
        for f in units.nifti where !annotated.contains(f.path) {
            add(.warning, .unannotated, f.path, "no annotations (no sidecar with records, no label map)")
        }
    }

    func seriesKey(_ series: CheckedSeries) -> String { series.folder + "|" + series.uid }
}

func name(_ path: String) -> String { (path as NSString).lastPathComponent }
