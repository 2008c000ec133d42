import Annotations
import Rendering

/// How a track's object is told apart on a frame: on a key frame its caption says `key`; on
/// the frames between, it is drawn dimmed (halfway to the grey of the image) and its caption
/// says `interp` (interpolated, or held after the last key frame).
enum TrackDrawing {
    static func isInterpolated(_ a: Annotation, slice: Int) -> Bool {
        guard let track = a.track else { return false }
        return track.keyframe(at: slice) == nil
    }

    static func caption(_ a: Annotation, _ caption: String?, slice: Int) -> String? {
        guard a.track != nil else { return caption }
        return (caption ?? a.label) + (isInterpolated(a, slice: slice) ? " [interp]" : " [key]")
    }

    static func color(_ a: Annotation, _ color: RGB, slice: Int) -> RGB {
        guard isInterpolated(a, slice: slice) else { return color }
        func dim(_ v: UInt8) -> UInt8 { UInt8((Int(v) + 128) / 2) }
        return RGB(dim(color.r), dim(color.g), dim(color.b))
    }
}
