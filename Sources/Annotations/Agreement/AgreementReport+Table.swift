import Foundation

extension AgreementReport {
    /// The report as text for a person: one table per kind of record, then what was left out
    /// and the conventions.
    public func table() -> String {
        var out: [String] = []
        out.append("\(images.count) image\(images.count == 1 ? "" : "s"), annotators: \(annotators.joined(separator: ", "))"
                   + (models.isEmpty ? "" : " (models: \(models.joined(separator: ", ")))"))
        if !landmarks.isEmpty {
            out.append("")
            out.append("Landmarks (matched by name; MRE in mm; success rates within 2 / 2.5 / 3 / 4 mm)")
            var rows = [["pair", "landmark", "matched", "MRE", "SD", "2mm", "2.5mm", "3mm", "4mm"]]
            for p in landmarks {
                let pair = p.annotators.joined(separator: " / ")
                rows.append(Self.landmarkRow(pair, "all", p.overall))
                for (name, f) in p.perLandmark { rows.append(Self.landmarkRow("", name, f)) }
            }
            out += Self.aligned(rows)
        }
        if !labels.isEmpty {
            out.append("")
            out.append("Image labels (Cohen's kappa and percent agreement per pair)")
            var rows = [["label set", "pair", "n", "kappa", "agreement"]]
            for p in labels {
                rows.append([p.labelSet, p.annotators.joined(separator: " / "), String(p.n), Self.f(p.cohenKappa, 3),
                             p.percentAgreement.map { String(format: "%.1f%%", $0) } ?? "–"])
            }
            out += Self.aligned(rows)
            var sets = [["label set", "annotators", "Fleiss' kappa (n)", "Krippendorff's alpha (n)"]]
            for (f, k) in zip(fleiss, krippendorff) {
                sets.append([f.labelSet, f.annotators.joined(separator: ", "), "\(Self.f(f.value, 3)) (\(f.n))", "\(Self.f(k.value, 3)) (\(k.n))"])
            }
            if sets.count > 1 {
                out.append("")
                out += Self.aligned(sets)
            }
        }
        if !segmentations.isEmpty {
            out.append("")
            out.append("Label maps and ROIs (mean over images; HD95 and ASSD in mm)")
            var rows = [["pair", "source", "label", "images", "Dice", "Jaccard", "HD95", "ASSD"]]
            for p in segmentations {
                let label = p.value.map { "\($0) \(p.name)" } ?? p.name
                rows.append([p.annotators.joined(separator: " / "), p.source, label, String(p.perImage.count),
                             Self.f(p.dice, 3), Self.f(p.jaccard, 3), Self.f(p.hd95MM, 2), Self.f(p.assdMM, 2)])
            }
            out += Self.aligned(rows)
        }
        if !modelPairs.isEmpty {
            out.append("")
            out.append("Models against people (acceptance: accepted / all proposals; Dice of the proposal's label map)")
            var rows = [["model", "person", "accepted", "rejected", "proposed", "acceptance", "Dice", "images"]]
            for p in modelPairs {
                rows.append([p.model, p.human, String(p.accepted), String(p.rejected), String(p.proposed),
                             p.acceptanceRate.map { String(format: "%.1f%%", 100 * $0) } ?? "–", Self.f(p.dice, 3), String(p.images.count)])
            }
            out += Self.aligned(rows)
        }
        if landmarks.isEmpty && labels.isEmpty && segmentations.isEmpty {
            out.append("")
            out.append("No two annotators have records of the same kind on one image: nothing to compare.")
        }
        if !excluded.isEmpty {
            out.append("")
            let counts = Dictionary(grouping: excluded, by: \.reason).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
            out.append("Left out: " + counts.joined(separator: ", ") + " (ids in --json)")
        }
        for problem in problems { out.append("warning: " + problem) }
        out.append("")
        out.append("Conventions:")
        for (key, text) in Self.conventions { out.append("  \(key): \(text)") }
        return out.joined(separator: "\n")
    }

    private static func landmarkRow(_ pair: String, _ name: String, _ f: LandmarkFigures) -> [String] {
        [pair, name, String(f.matched), String(format: "%.2f", f.mreMM), String(format: "%.2f", f.sdMM)]
            + f.successPercent.map { String(format: "%.0f%%", $0) }
    }

    private static func f(_ value: Double?, _ digits: Int) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "–"
    }

    /// Rows padded to their columns' widths; numbers right-aligned.
    static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                let numeric = cell.first.map { $0.isNumber || $0 == "-" || $0 == "–" } ?? false
                return numeric && c > 0 ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }.map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
    }
}
