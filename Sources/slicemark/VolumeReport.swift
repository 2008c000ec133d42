import Foundation
import VolumeKit

/// What `info` says about one volume, as JSON (the contract in DESIGN.md) or as text.
struct VolumeReport {
    let volume: Volume
    let statistics: VolumeStatistics

    init(volume: Volume) {
        self.volume = volume
        self.statistics = volume.statistics()
    }

    var jsonObject: [String: Any] {
        let g = volume.geometry
        var object: [String: Any] = [
            "format": volume.metadata.format.rawValue,
            "dimensions": volume.dimensions,
            "spacing": [g.spacing.x, g.spacing.y, g.spacing.z],
            // Where the in-plane spacing comes from; "unknown": spacing is 1 per pixel, not mm.
            "spacingSource": g.spacingSource.rawValue,
            "datatype": volume.metadata.datatypeName,
            "statistics": ["min": statistics.min, "max": statistics.max, "mean": statistics.mean],
            "origin": [g.origin.x, g.origin.y, g.origin.z],
            // Rows of the direction matrix: direction[r][c] is LPS component r of voxel axis c.
            "direction": (0..<3).map { r in (0..<3).map { c in g.direction[r, c] } },
            "files": volume.metadata.sourceFiles,
        ]
        if volume.components > 1 { object["components"] = volume.components }
        if let modality = volume.metadata.modality { object["modality"] = modality }
        if volume.metadata.format == .dicom {
            object["transferSyntax"] = volume.metadata.transferSyntaxUID ?? ""
            object["photometric"] = volume.metadata.photometric ?? ""
        }
        if !volume.metadata.warnings.isEmpty { object["warnings"] = volume.metadata.warnings }
        return object
    }

    var text: String {
        let g = volume.geometry
        func mm(_ v: SIMD3<Double>) -> String { "\(fmt(v.x)) × \(fmt(v.y)) × \(fmt(v.z))" }
        var lines = [
            // Each field on its own line, whatever it holds: a newline in a name is shown as ␊.
            "file        \(TerminalSafeText.make(volume.metadata.sourceFiles.first ?? "(built-in demo)"))"
                + (volume.metadata.sourceFiles.count > 1 ? " and \(volume.metadata.sourceFiles.count - 1) more" : ""),
            "format      \(volume.metadata.format.rawValue)",
            "dimensions  \(volume.dimensions.map(String.init).joined(separator: " × "))",
            "spacing     \(mm(g.spacing)) mm" + (g.spacingSource == .pixelSpacing ? "" : " (\(g.spacingSource.rawValue))"),
            "datatype    \(volume.metadata.datatypeName)",
            "origin      \(mm(g.origin)) mm (LPS)",
            "values      min \(fmt(statistics.min))  max \(fmt(statistics.max))  mean \(fmt(statistics.mean))",
        ]
        if let modality = volume.metadata.modality { lines.append("modality    \(TerminalSafeText.make(modality))") }
        if let ts = volume.metadata.transferSyntaxUID { lines.append("transfer    \(TerminalSafeText.make(ts))") }
        if let p = volume.metadata.photometric { lines.append("photometric \(TerminalSafeText.make(p))") }
        for warning in volume.metadata.warnings { lines.append("warning     \(TerminalSafeText.make(warning))") }
        return lines.joined(separator: "\n")
    }

    private func fmt(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.4g", v)
    }
}
