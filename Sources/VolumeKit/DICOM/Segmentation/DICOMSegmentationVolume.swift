extension DICOMSegmentation {
    /// The labels as an image of their own (uint8, or uint16 once a segment number exceeds
    /// 255), for showing a segmentation whose series is not at hand with a label colour table.
    /// Modality SEG; the segmentation's own UIDs identify it.
    public func labelVolume(_ labels: DICOMSegmentationLabels) -> Volume {
        let map = labels.labelMap
        let bytes = map.littleEndianBytes()
        let buffer = VoxelBuffer(zeroedByteCount: bytes.count)
        bytes.withUnsafeBytes { buffer.mutableBytes.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        let s = summary
        var metadata = VolumeMetadata(
            format: .dicom, sourceFiles: [path], datatypeName: map.isWide ? "uint16" : "uint8", modality: "SEG",
            seriesDescription: s.seriesDescription ?? s.contentLabel, transferSyntaxUID: s.transferSyntaxUID,
            photometric: "MONOCHROME2",
            identity: ImageIdentity(studyInstanceUID: s.studyInstanceUID, seriesInstanceUID: s.seriesInstanceUID,
                                    sopInstanceUIDs: s.sopInstanceUID.map { [$0] } ?? []))
        if labels.overlappingVoxels > 0 {
            metadata.warnings.append("\(labels.overlappingVoxels) voxel(s) lie in more than one segment; each shows the highest segment number")
        }
        return Volume(width: map.width, height: map.height, depth: map.depth, voxelType: map.isWide ? .uint16 : .uint8,
                      geometry: map.geometry, buffer: buffer, metadata: metadata)
    }
}
