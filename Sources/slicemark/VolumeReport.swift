import Foundation
import VolumeKit

/// What `info` says about one volume, as JSON (the contract in DESIGN.md) or as text.
struct VolumeReport {
    let volume: Volume
    let statistics: VolumeStatistics

    init(volume: Volume) {
        self.volume = volume
        // A video's frames are decoded when asked for: its values are those of frame 1.
        self.statistics = volume.scanned.statistics()
        volume.frames?.waitUntilIndexed()
    }

    /// The reader's warnings, and what indexing a video's stream found.
    var warnings: [String] { volume.metadata.warnings + (volume.frames?.problem.map { [$0] } ?? []) }

    var presentation: ImagePresentation { ImagePresentation(metadata: volume.metadata, depth: volume.depth) }

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
        if presentation.isCine {
            var cine: [String: Any] = ["frames": volume.depth]
            if let time = presentation.frameTime { cine["frameTime"] = time }
            if let frames = volume.frames {
                cine["codec"] = frames.codecName
                cine["keyFrames"] = frames.keyFrames.map { $0 + 1 }
                cine["statisticsOf"] = "frame 1"
            }
            object["cine"] = cine
        }
        if !warnings.isEmpty { object["warnings"] = warnings }
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
            "values      min \(fmt(statistics.min))  max \(fmt(statistics.max))  mean \(fmt(statistics.mean))"
                + (volume.frames != nil ? " (frame 1)" : ""),
        ]
        if presentation.isCine {
            let rate = presentation.frameTime.map { "\(fmt($0)) ms a frame (\(fmt((10_000 / $0).rounded() / 10)) a second)" } ?? "no frame rate in the file"
            let seconds = presentation.seconds(atFrame: volume.depth - 1) + (presentation.frameTime ?? ImagePresentation.defaultFrameTime) / 1000
            lines.append("frames      \(volume.depth) in time, \(rate), \(String(format: "%.2f", seconds)) s")
            if let frames = volume.frames {
                lines.append("video       \(frames.codecName), key frames at \(frames.keyFrames.prefix(12).map { String($0 + 1) }.joined(separator: ", "))"
                             + (frames.keyFrames.count > 12 ? " … (\(frames.keyFrames.count))" : ""))
            }
        }
        if let modality = volume.metadata.modality { lines.append("modality    \(TerminalSafeText.make(modality))") }
        if let ts = volume.metadata.transferSyntaxUID { lines.append("transfer    \(TerminalSafeText.make(ts))") }
        if let p = volume.metadata.photometric { lines.append("photometric \(TerminalSafeText.make(p))") }
        for warning in warnings { lines.append("warning     \(TerminalSafeText.make(warning))") }
        return lines.joined(separator: "\n")
    }

    private func fmt(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(format: "%.4g", v)
    }
}
