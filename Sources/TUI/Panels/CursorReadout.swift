import VolumeKit

/// What the cursor points at, as text: voxel index, patient position and value.
struct CursorReadout {
    let voxel: String
    let patient: String
    let value: String

    init(_ state: ViewerState, _ document: ImageDocument) {
        let volume = document.volume
        let c = state.cursor
        voxel = "[\(c.x), \(c.y), \(c.z)]"
        let p = volume.patientPosition(c.x, c.y, c.z)
        patient = volume.geometry.spacingKnown
            ? "(\(Formatting.millimetres(p.x)), \(Formatting.millimetres(p.y)), \(Formatting.millimetres(p.z))) mm"
            : "unknown (no pixel spacing)"
        if volume.contains(c.x, c.y, c.z) {
            let samples = (0..<volume.components).map {
                volume.value(c.x, c.y, c.z, t: state.timepoint, component: $0)
            }
            let text = samples.count == 1 ? Formatting.value(samples[0])
                : "(" + samples.map(Formatting.value).joined(separator: ", ") + ")"
            value = document.valueUnit.isEmpty ? text : "\(text) \(document.valueUnit)"
        } else {
            value = "–"
        }
    }
}
