import VolumeKit

/// Frames as slices: on a cine, agreement compares what is on each frame. A track counts as its
/// object on every frame it is shown on (interpolated between key frames, as the viewer shows
/// it); a landmark is matched by name and frame; a frame-range label rates every frame of the
/// image (the names of the ranges covering it, or `none`) for the annotators who labelled
/// ranges on that image.
extension AgreementRecords {
    /// The label set frame-range labels are rated under, one unit per frame.
    static let frameRangeSet = "frames"

    func onFrames(geometry: VolumeGeometry?, frameCount: Int) -> AgreementRecords {
        var out = self
        for (annotator, list) in annotations where list.contains(where: { $0.track != nil }) {
            out.annotations[annotator] = list.flatMap { a -> [Annotation] in
                guard a.track != nil else { return [a] }
                guard let geometry else { return [] }
                return a.frameInstances(geometry: geometry, timing: nil, frameCount: frameCount).map {
                    var shown = $0.annotation
                    shown.track = nil
                    return shown
                }
            }
        }
        for (annotator, list) in labels where list.contains(where: { $0.frames != nil }) {
            let ranges = list.filter { $0.frames != nil }
            var perFrame = list.filter { $0.frames == nil }
            for f in 0..<frameCount {
                let names = ranges.filter { $0.frames!.contains(f) }.map(\.name)
                for name in names.isEmpty ? ["none"] : names {
                    perFrame.append(ImageLabel(id: ranges[0].id, labelSet: Self.frameRangeSet, name: name, slice: f,
                                               annotator: annotator, created: ranges[0].created))
                }
            }
            out.labels[annotator] = perFrame
        }
        return out
    }

    /// Each annotator's landmarks by name and frame (nil on an image of slices), the latest
    /// modified one when a name is used twice on a frame.
    var landmarksOnFrames: [String: [FramedName: SIMD3<Double>]] {
        var result: [String: [FramedName: SIMD3<Double>]] = [:]
        for (annotator, list) in annotations {
            for a in list.filter({ $0.kind == .landmark }).sorted(by: { $0.modified < $1.modified }) {
                result[annotator, default: [:]][FramedName(name: a.label, frame: a.frame)] = a.lps
            }
        }
        return result
    }
}

/// A landmark's name and the cine frame it is on.
struct FramedName: Hashable, Comparable {
    var name: String
    var frame: Int?

    static func < (a: FramedName, b: FramedName) -> Bool { (a.name, a.frame ?? -1) < (b.name, b.frame ?? -1) }
}
