import VolumeKit

/// A cine's annotations as exports write them: every annotation as it is, a track as its
/// object on each frame it is shown on, measured there (statistics of the region on that frame).
enum ExportFrames {
    static func instances(_ annotations: [Annotation], _ image: ExportImage, _ timing: FrameTiming?) -> [FrameInstance] {
        let volume = image.volume
        return annotations.flatMap { a -> [FrameInstance] in
            guard a.track != nil else { return [FrameInstance(annotation: a, frame: a.frame ?? a.voxel.z, interpolated: false)] }
            return a.frameInstances(geometry: volume.geometry, timing: timing, frameCount: volume.depth).map { shown in
                var measured = shown
                measured.annotation = AnnotationSession.measured(shown.annotation, volume: volume)
                return measured
            }
        }
    }
}
