import Synchronization

/// Which image of this process took a plain DICOM sidecar name that is not on disk yet.
///
/// Two images sharing a Series Instance UID, labelled one after the other (`1 n 2`), would both
/// find `<SeriesInstanceUID>.annotations.json` absent while the first one's save is still on
/// its way; the first store made for that path claims it, and the other image's store takes
/// its distinct name. (Sessions in other processes are caught by the identity check when they
/// save: refused with one line, never mixed.)
enum SidecarClaims {
    private static let claims = Mutex<[String: String]>([:])

    /// Whether `image` may use `path`: nobody in this process claimed it, or `image` did.
    static func claim(_ path: String, for image: String) -> Bool {
        claims.withLock { claims in
            if let owner = claims[path] { return owner == image }
            claims[path] = image
            return true
        }
    }

    /// What tells images apart for a claim: their file digests and grid.
    static func key(_ image: SidecarImage, _ geometry: SidecarGeometry) -> String {
        image.files.map(\.sha256).sorted().joined(separator: ",") + "|" + geometry.dimensions.map(String.init).joined(separator: "x")
    }
}
