/// The version `slicemark --version` prints.
enum SlicemarkVersion {
    static let current = "0.2.0"
}
