import Annotations

/// What the first status row says about frames on a cine: the frame-range labels covering the
/// frame shown (`▶` before a range of yours still open), and whether the selected track has a
/// key frame here.
enum FrameAnnotationStatus {
    static func part(_ state: ViewerState) -> String? {
        guard let session = state.annotation?.session, session.frameTiming != nil else { return nil }
        let frame = state.cursor.z
        var bits: [String] = []
        let open = Set(session.myFrameRanges.filter { $0.frames!.isOpen }.map(\.name))
        let names = Set(session.frameRangeNames(at: frame)).union(open)
        bits += names.sorted().map { open.contains($0) ? "▶" + $0 : $0 }
        if let selected = session.selectedAnnotation, let track = selected.track {
            let here: String
            if let key = track.keyframe(at: frame) {
                here = key.outside ? "track ends here" : "key frame"
            } else {
                here = TrackInterpolation.frame(frame, of: track, kind: selected.kind) == nil ? "track not here" : "interpolated"
            }
            bits.append("track: " + here + " (\(track.keyframes.count) keys)")
        }
        return bits.isEmpty ? nil : bits.joined(separator: " ")
    }
}

/// The annotation list's lines about frames: a track's key frames, an annotation's frame and
/// time, and the frame-range labels of the image.
enum FrameListLines {
    static func detail(_ a: Annotation) -> String {
        if let track = a.track {
            let keys = track.keyframes.map { "\($0.frame + 1)" + ($0.outside ? " end" : "") }.joined(separator: ", ")
            return " · track, key frames \(keys)"
        }
        guard let frame = a.frame else { return "" }
        return " · frame \(frame + 1)" + (a.seconds.map { " (\(String(format: "%.2f s", $0)))" } ?? "")
    }

    static func ranges(_ session: AnnotationSession) -> [String] {
        let ranges = session.document.labels.filter { $0.frames != nil }
            .sorted { ($0.frames!.first, $0.name, $0.annotator) < ($1.frames!.first, $1.name, $1.annotator) }
        guard !ranges.isEmpty else { return [] }
        return ["frame ranges: " + ranges.map { r in
            let f = r.frames!
            return "\(r.name) \(f.first + 1)–" + (f.last.map { String($0 + 1) } ?? "… (open)") + " (\(r.annotator))"
        }.joined(separator: ", ")]
    }
}
