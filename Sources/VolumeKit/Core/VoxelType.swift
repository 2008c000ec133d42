/// The type of one stored sample, kept as the file stores it (an int16 CT stays two bytes a voxel).
public enum VoxelType: String, Sendable, CaseIterable, Codable {
    case uint8, int8, uint16, int16, uint32, int32, int64, float32, float64

    public var byteCount: Int {
        switch self {
        case .uint8, .int8: return 1
        case .uint16, .int16: return 2
        case .uint32, .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }
}
