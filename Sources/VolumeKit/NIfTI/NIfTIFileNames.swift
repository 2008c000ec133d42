/// The names of the two files of a `.hdr`/`.img` pair, either of which may be gzipped
/// (`.hdr.gz`, `.img.gz`), in the case the user's files use.
enum NIfTIFileNames {
    /// `name` without a final `.gz` (any case), and whether it had one.
    static func withoutGz(_ path: String) -> (stem: String, gz: Bool) {
        if path.lowercased().hasSuffix(".gz") { return (String(path.dropLast(3)), true) }
        return (path, false)
    }

    static func hasExtension(_ path: String, _ ext: String) -> Bool {
        withoutGz(path).stem.lowercased().hasSuffix("." + ext)
    }

    /// Names the partner file of a pair could have, most likely first: `ext` replaced by `partner`
    /// in the same case, gzipped like the given file first, then the other way.
    static func partnerCandidates(of path: String, ext: String, partner: String) -> [String] {
        let (stem, gz) = withoutGz(path)
        let base = String(stem.dropLast(ext.count))
        let given = String(stem.suffix(ext.count))
        let upper = given == given.uppercased() && given != given.lowercased()
        let newExt = upper ? partner.uppercased() : partner
        let gzExt = upper ? ".GZ" : ".gz"
        let plain = base + newExt
        let zipped = plain + gzExt
        let other = upper ? base + partner : base + partner.uppercased()
        return (gz ? [zipped, plain] : [plain, zipped]) + [other, other + gzExt]
    }

    /// The existing partner file of `path`, if any.
    static func partner(of path: String, ext: String, partner: String) -> String? {
        partnerCandidates(of: path, ext: ext, partner: partner).first(where: POSIXFile.isRegularFile)
    }
}
