/// The first image of a volume still being read: its middle slice, ready before the rest.
///
/// `volume` has the whole volume's dimensions, geometry and metadata, so a viewer can show it
/// and keep its cursor when the whole volume replaces it; only slice `slice` (of timepoint 0)
/// holds voxels, the rest reads as zero (untouched memory: it costs nothing until read).
/// `sliceVolume` is that slice alone (one slice deep, at its place in the patient), for a
/// first window taken from it.
public struct VolumePreview: Sendable {
    public private(set) var volume: Volume
    public private(set) var sliceVolume: Volume
    public let slice: Int

    /// `make(buffer)` builds the whole volume around a buffer; `bytes` are slice `slice` of
    /// timepoint 0, in this machine's byte order.
    init(slice: Int, bytes: UnsafeRawPointer, wholeByteCount: Int, make: (VoxelBuffer) -> Volume) {
        let whole = VoxelBuffer(zeroedByteCount: wholeByteCount)
        let probe = make(whole)
        let sliceBytes = probe.width * probe.height * probe.components * probe.voxelType.byteCount
        (whole.mutableBytes + slice * sliceBytes).copyMemory(from: bytes, byteCount: sliceBytes)
        let alone = VoxelBuffer(zeroedByteCount: sliceBytes)
        alone.mutableBytes.copyMemory(from: bytes, byteCount: sliceBytes)
        var geometry = probe.geometry
        geometry.origin = probe.geometry.patientPosition(ofIndex: SIMD3(0, 0, Double(slice)))
        volume = probe
        sliceVolume = Volume(width: probe.width, height: probe.height, depth: 1, components: probe.components,
                             voxelType: probe.voxelType, rescale: probe.rescale, geometry: geometry,
                             buffer: alone, metadata: probe.metadata)
        self.slice = slice
    }
}

extension VolumePreview {
    /// The same preview naming a modality (the viewer's `--modality`).
    public func withModality(_ modality: String) -> VolumePreview {
        var copy = self
        copy.volume.metadata.modality = modality
        copy.sliceVolume.metadata.modality = modality
        return copy
    }
}

/// Receives a preview from the reading thread's helper, while the whole volume is still read.
public typealias PreviewHandler = @Sendable (VolumePreview) -> Void
