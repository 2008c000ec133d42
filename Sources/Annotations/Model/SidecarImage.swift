import VolumeKit

/// Which image a sidecar belongs to, without saying whose it is: DICOM UIDs, or the SHA-256
/// of each NIfTI/Analyze file. File names are stored without their folder.
public struct SidecarImage: Sendable, Equatable, Codable {
    public struct FileHash: Sendable, Equatable, Codable {
        public var name: String
        public var sha256: String
        public var unknown: UnknownKeys = [:]

        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }

        public init(from decoder: any Decoder) throws {
            var r = try ObjectReader(decoder)
            name = try r("name")
            sha256 = try r("sha256")
            unknown = try r.unknown()
        }

        public func encode(to encoder: any Encoder) throws {
            var w = ObjectWriter(encoder)
            try w("name", name)
            try w("sha256", sha256)
            try w.unknown(unknown)
        }
    }

    public var format: ImageFormat
    public var studyInstanceUID: String?
    public var seriesInstanceUID: String?
    public var sopInstanceUIDs: [String]
    public var files: [FileHash]
    public var unknown: UnknownKeys = [:]

    public init(format: ImageFormat, studyInstanceUID: String? = nil, seriesInstanceUID: String? = nil,
                sopInstanceUIDs: [String] = [], files: [FileHash] = []) {
        self.format = format
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUIDs = sopInstanceUIDs
        self.files = files
    }

    public init(from decoder: any Decoder) throws {
        var r = try ObjectReader(decoder)
        format = try r("format")
        studyInstanceUID = try r.optional("studyInstanceUID")
        seriesInstanceUID = try r.optional("seriesInstanceUID")
        sopInstanceUIDs = try r("sopInstanceUIDs")
        files = try r("files")
        unknown = try r.unknown()
    }

    public func encode(to encoder: any Encoder) throws {
        var w = ObjectWriter(encoder)
        try w("format", format)
        try w.optional("studyInstanceUID", studyInstanceUID)
        try w.optional("seriesInstanceUID", seriesInstanceUID)
        try w("sopInstanceUIDs", sopInstanceUIDs)
        try w("files", files)
        try w.unknown(unknown)
    }

    /// Why `other` (read from a sidecar) is not this image, or nil when it is.
    ///
    /// DICOM: same SeriesInstanceUID, same StudyInstanceUID where both are known, and the same
    /// set of SOPInstanceUIDs. Files (NIfTI/Analyze, and DICOM since UIDs are often shared by
    /// different images in anonymised data): the same set of SHA-256 digests (a renamed file
    /// still matches; a changed byte does not). A DICOM sidecar that lists no files (written
    /// before DICOM files were hashed) is matched on its UIDs.
    public func mismatch(with other: SidecarImage) -> String? {
        if let series = seriesInstanceUID {
            guard other.seriesInstanceUID == series else {
                return "it is for series \(other.seriesInstanceUID ?? "(none)"), this image is series \(series)"
            }
            if let study = studyInstanceUID, let otherStudy = other.studyInstanceUID, study != otherStudy {
                return "it is for study \(otherStudy), this image is study \(study)"
            }
            let mine = Set(sopInstanceUIDs), theirs = Set(other.sopInstanceUIDs)
            if mine != theirs {
                return "it lists \(theirs.subtracting(mine).count) instance(s) this series does not have "
                    + "and lacks \(mine.subtracting(theirs).count) of its \(mine.count)"
            }
        }
        if seriesInstanceUID == nil, let theirs = other.seriesInstanceUID {
            return "it is for DICOM series \(theirs), this image is a \(format.rawValue) file"
        }
        // A DICOM sidecar written before files were hashed lists none: its UIDs (and the
        // geometry, `SidecarGeometry.mismatch`) decide.
        let legacyDICOM = format == .dicom && other.files.isEmpty
        if !legacyDICOM, !files.isEmpty || !other.files.isEmpty {
            let mine = Set(files.map(\.sha256)), theirs = Set(other.files.map(\.sha256))
            if mine != theirs {
                let short = { (s: Set<String>) in s.sorted().map { String($0.prefix(12)) + "…" }.joined(separator: ", ") }
                return "it was made for file content SHA-256 \(short(theirs)), this file's is \(short(mine))"
            }
        }
        return nil
    }

    /// Whether `other` (read from a sidecar) is plainly about another image rather than this
    /// one changed: none of its file names and none of its digests are this image's. A
    /// sidecar without file names (an older DICOM one) is another image's when `differentGrid`.
    public func isAnotherImage(than other: SidecarImage, differentGrid: Bool) -> Bool {
        guard !other.files.isEmpty else { return differentGrid }
        let names = Set(files.map(\.name)), digests = Set(files.map(\.sha256))
        return names.isDisjoint(with: other.files.map(\.name)) && digests.isDisjoint(with: other.files.map(\.sha256))
    }
}
