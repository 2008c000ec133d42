import VolumeKit

/// Small volumes built in memory for tests of geometry, reslicing and rendering.
public enum SyntheticVolume {
    /// A volume whose stored value at (i, j, k) is `i + 10 * j + 100 * k` (int16).
    public static func ramp(width: Int = 4, height: Int = 3, depth: Int = 2,
                            geometry: VolumeGeometry = VolumeGeometry(),
                            rescale: Rescale = .identity) -> Volume {
        let buffer = VoxelBuffer(zeroedByteCount: width * height * depth * 2)
        let p = buffer.mutableBytes.assumingMemoryBound(to: Int16.self)
        for k in 0..<depth {
            for j in 0..<height {
                for i in 0..<width { p[(k * height + j) * width + i] = Int16(i + 10 * j + 100 * k) }
            }
        }
        return Volume(width: width, height: height, depth: depth, voxelType: .int16, rescale: rescale,
                      geometry: geometry, buffer: buffer,
                      metadata: VolumeMetadata(format: .demo, sourceFiles: [], datatypeName: "int16"))
    }
}
