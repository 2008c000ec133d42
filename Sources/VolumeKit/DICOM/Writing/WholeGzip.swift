/// A whole gzip file inflated into memory, for tools that rewrite a compressed file's header
/// (de-identification of `.nii.gz`): the gzip trailer's size says how much to inflate, so
/// files of 4 GiB or more uncompressed are not for this.
public enum WholeGzip {
    public static func inflate(path: String) throws(VolumeKitError) -> [UInt8] {
        do {
            let file = try GzipFile(path: path)
            guard let size = file.trailerSize else { throw VolumeKitError.truncated(path: path, detail: "the gzip file is too short") }
            guard size <= GzipFile.maximumInflatedSize(ofCompressed: file.compressedCount) else {
                throw VolumeKitError.malformed(path: path, detail: "the gzip trailer claims more data than the file can hold")
            }
            // Files of 4 GiB or more (the trailer holds the size modulo 2³²) are not rewritten.
            let bytes = try file.prefix(size)
            return bytes
        } catch let error as VolumeKitError {
            throw error
        } catch {
            throw VolumeKitError.unreadable(path: path, reason: "\(error)")
        }
    }
}
