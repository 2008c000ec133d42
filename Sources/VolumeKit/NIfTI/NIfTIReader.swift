// Replaced by the NIfTI reader (issue 2).
public enum NIfTIReader {
    public static func read(path: String) throws -> Volume {
        throw VolumeKitError.unsupported(path: path, detail: "NIfTI reading is not built yet")
    }
    static func sniffGzip(path: String) throws -> ImageFormat { .nifti }
    static func sniff(header: [UInt8], path: String) -> ImageFormat? { nil }
}
