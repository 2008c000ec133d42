import Foundation

extension CheckReport {
    /// The findings, one a line, then the summary and the harmonisation table.
    public var text: String {
        var lines = findings.map(\.line)
        if !lines.isEmpty { lines.append("") }
        let s = summary
        lines.append("\(s.files) files: \(s.dicomFiles) DICOM in \(s.dicomSeries) series, \(s.niftiImages) NIfTI/Analyze, "
            + "\(s.sidecars) sidecars, \(s.labelMaps) label maps, \(s.unreadable) unreadable, \(s.otherFiles) other")
        lines.append("\(s.errors) error\(s.errors == 1 ? "" : "s"), \(s.warnings) warning\(s.warnings == 1 ? "" : "s")"
            + (s.codes.isEmpty ? "" : " (" + s.codes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
        lines.append("")
        lines += harmonisation.textLines
        return lines.joined(separator: "\n")
    }
}

extension Harmonisation {
    var textLines: [String] {
        guard !images.isEmpty else { return ["harmonisation: no images"] }
        var lines = ["harmonisation (\(images.count) image\(images.count == 1 ? "" : "s"))"]
        let header = ["image", "modality", "scanner", "matrix", "spacing mm", "thick mm", "field T", "kVp", "TR/TE ms"]
        var rows: [[String]] = [header]
        for image in images {
            let v = image.values
            let spacing = ["spacingX", "spacingY", "spacingZ"].map { v[$0].map(mm) ?? "?" }.joined(separator: "×")
            let scanner = [image.manufacturer, image.model].compactMap { $0 }.joined(separator: " ")
            let trte = v["repetitionTime"] == nil && v["echoTime"] == nil ? "" : "\(v["repetitionTime"].map(mm) ?? "?")/\(v["echoTime"].map(mm) ?? "?")"
            rows.append([image.path, image.modality ?? (image.series == nil ? "NIfTI" : "?"), scanner.isEmpty ? "-" : scanner,
                         image.matrix.map(String.init).joined(separator: "×"), spacing,
                         v["sliceThickness"].map(mm) ?? "", v["fieldStrength"].map(mm) ?? "", v["kvp"].map(mm) ?? "", trte])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            lines.append("  " + row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        lines.append("over the dataset:")
        lines.append("  modality: " + Self.counts(modalities))
        if !scanners.isEmpty { lines.append("  scanner: " + Self.counts(scanners)) }
        lines.append("  matrix: " + Self.counts(matrices))
        for (parameter, unit) in Self.parameters {
            guard let r = ranges[parameter] else { continue }
            lines.append("  \(parameter): \(mm(r.min))–\(mm(r.max)) \(unit), median \(mm(r.median)) (\(r.images) image\(r.images == 1 ? "" : "s"))")
        }
        if outliers.isEmpty {
            lines.append("outliers: none (rule: \(rule))")
        } else {
            lines.append("outliers (rule: \(rule)):")
            for o in outliers { lines.append("  \(o.path): \(o.parameter) \(mm(o.value)), median \(mm(o.median))") }
        }
        return lines
    }

    private static func counts(_ values: [String: Int]) -> String {
        values.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
