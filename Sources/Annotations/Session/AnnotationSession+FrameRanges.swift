import Foundation

/// Frame-range labels on a cine ("bleeding" from frame 120 to 340): image labels of the label
/// set `frames` whose `frames` give the range. A range is started on one frame and ended on
/// another; until it is ended it is open (saved as such, shown as `120–…`).
extension AnnotationSession {
    public static let frameRangeLabelSet = "frames"

    /// This annotator's frame-range labels, by first frame.
    public var myFrameRanges: [ImageLabel] {
        document.labels.filter { $0.frames != nil && $0.annotator == annotator }
            .sorted { ($0.frames!.first, $0.name) < ($1.frames!.first, $1.name) }
    }

    /// `:range-label NAME`: starts a range of NAME on `frame`, or ends this annotator's open
    /// range of NAME there (the two frames in either order).
    public mutating func toggleFrameRange(_ rawName: String, at frame: Int) -> SessionChange {
        guard let timing = frameTiming else { return .info("frame ranges are for cines (frames in time); this image has slices") }
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return .info("usage: :range-label NAME (starts NAME here, or ends its open range here)") }
        guard timing.contains(frame) else { return .info("frame \(frame + 1) is not in the image") }
        if let open = myFrameRanges.first(where: { $0.name == name && $0.frames!.isOpen }) {
            return end(open, at: frame, timing: timing)
        }
        let label = ImageLabel(id: ids.next(), labelSet: Self.frameRangeLabelSet, name: name, annotator: annotator, created: now,
                               frames: FrameRange(first: frame, timing: timing))
        return commit(Edit(summary: "start frame range \"\(name)\" on frame \(frame + 1)", changes: [.label(before: nil, after: label)]),
                      message: "\"\(name)\" from frame \(frame + 1): go to its last frame and :range-end (or :range-label \(name)) there")
    }

    /// `:range-end [NAME]`: ends the open range (of NAME, or the only open one) on `frame`.
    public mutating func endFrameRange(_ rawName: String?, at frame: Int) -> SessionChange {
        guard let timing = frameTiming else { return .info("frame ranges are for cines (frames in time); this image has slices") }
        let name = rawName?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let open = myFrameRanges.filter { $0.frames!.isOpen && (name == nil || $0.name == name) }
        guard let range = open.first else { return .info(name.map { "no open frame range \"\($0)\"" } ?? "no frame range is open (:range-label NAME starts one)") }
        guard open.count == 1 else { return .info("\(open.count) frame ranges are open: :range-end NAME says which") }
        return end(range, at: frame, timing: timing)
    }

    /// `:range-delete NAME`: deletes this annotator's range of NAME covering `frame`.
    public mutating func deleteFrameRange(_ rawName: String, at frame: Int) -> SessionChange {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let range = myFrameRanges.first(where: { $0.name == name && $0.frames!.contains(frame) }) else {
            return .info("no frame range \"\(name)\" of yours covers frame \(frame + 1)")
        }
        return commit(Edit(summary: "delete frame range \"\(name)\" \(Self.shownText(range.frames!))",
                           changes: [.label(before: range, after: nil)]))
    }

    /// Names of the frame ranges (every annotator's) covering `frame`, open ones on their first frame.
    public func frameRangeNames(at frame: Int) -> [String] {
        Array(Set(document.labels.filter { $0.frames?.contains(frame) == true }.map(\.name))).sorted()
    }

    private mutating func end(_ open: ImageLabel, at frame: Int, timing: FrameTiming) -> SessionChange {
        var after = open
        let first = open.frames!.first
        after.frames = FrameRange(first: min(first, frame), last: max(first, frame), timing: timing)
        after.frames?.unknown = open.frames!.unknown
        return commit(Edit(summary: "frame range \"\(open.name)\" \(Self.shownText(after.frames!))",
                           changes: [.label(before: open, after: after)]))
    }

    /// "frames 121–341" as a person counts them (from 1).
    static func shownText(_ range: FrameRange) -> String {
        "frames \(range.first + 1)–" + (range.last.map { String($0 + 1) } ?? "…")
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
