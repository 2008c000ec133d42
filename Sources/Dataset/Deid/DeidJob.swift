import Annotations
import Foundation
import VolumeKit

/// One `deid` run over a list of files: DICOM, NIfTI/Analyze, and the sidecars and label maps
/// beside them. Every output depends on the secret and the input alone, so a rerun with the
/// same map rewrites the same bytes and shards agree.
public struct DeidJob {
    public let out: String
    public let map: DeidMap
    public let settings: DeidSettings
    public let rename: Bool
    let keys: DeidKeys
    let dicom: DeidDICOM

    public init(out: String, map: DeidMap, settings: DeidSettings, rename: Bool) {
        self.out = out
        self.map = map
        self.settings = settings
        self.rename = rename
        keys = DeidKeys(secret: map.secret)
        dicom = DeidDICOM(keys: keys, settings: settings)
    }

    enum Kind { case dicom, nifti, pairedVoxels, sidecar, auditLog, labelMap }

    static func kind(of name: String) -> Kind {
        if name.hasSuffix(".annotations.audit.jsonl") { return .auditLog }
        if name.hasSuffix(".annotations.json") { return .sidecar }
        if labelMapParts(name) != nil { return .labelMap }
        if DeidNIfTI.isNIfTIName(name) { return .nifti }
        if DeidNIfTI.isPairedImageName(name) { return .pairedVoxels }
        return .dicom
    }

    /// `<image>.<annotator>.seg.nii.gz` or `.seg.txt` → (image, annotator, suffix), split at the
    /// last dot; `labelMapSplits` gives every split, for annotators whose names hold dots.
    static func labelMapParts(_ name: String) -> (image: String, annotator: String, suffix: String)? {
        labelMapSplits(name).first
    }

    /// Every way to read `name` as `<image>.<annotator><suffix>`, the longest image name first.
    static func labelMapSplits(_ name: String) -> [(image: String, annotator: String, suffix: String)] {
        for suffix in [".seg.nii.gz", ".seg.nii", ".seg.txt"] where name.hasSuffix(suffix) {
            let parts = name.dropLast(suffix.count).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            return (1..<max(parts.count, 1)).reversed().map { n in
                (parts[..<n].joined(separator: "."), parts[n...].joined(separator: "."), suffix)
            }
        }
        return []
    }

    public func run(_ files: [DatasetFile], progress: (Int, Int, String) -> Void) -> DeidReport {
        var report = DeidReport()
        for (n, file) in files.enumerated() {
            progress(n + 1, files.count, file.key)
            do {
                switch Self.kind(of: (file.path as NSString).lastPathComponent) {
                case .auditLog: report.auditLogsLeftOut.append(file.path)
                case .dicom: try runDICOM(file, &report)
                case .nifti, .pairedVoxels: try runNIfTI(file, &report)
                case .sidecar: try runSidecar(file, &report)
                case .labelMap: try runLabelMap(file, &report)
                }
                try map.flush()
            } catch {
                report.skipped.append(.init(path: file.path, reason: error.description))
            }
        }
        return report
    }

    // MARK: DICOM

    func readDICOM(_ path: String) throws(DeidError) -> DICOMRawFile {
        let bytes = try readBytes(path)
        guard Self.looksLikeDICOM(bytes) else { throw .unreadable(path: path, reason: "not a DICOM, NIfTI or Analyze file") }
        do { return try DICOMRawReader.read(bytes: bytes, path: path) } catch {
            throw .unreadable(path: path, reason: error.description)
        }
    }

    static func looksLikeDICOM(_ b: [UInt8]) -> Bool {
        if b.count >= 132, b[128...131].elementsEqual([0x44, 0x49, 0x43, 0x4D]) { return true }
        guard b.count >= 8 else { return false }
        let group = UInt16(b[0]) | UInt16(b[1]) << 8, bigGroup = UInt16(b[0]) << 8 | UInt16(b[1])
        return [0x0002, 0x0008].contains(group) || bigGroup == 0x0008
    }

    func readBytes(_ path: String) throws(DeidError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { throw .unreadable(path: path, reason: "not a regular file") }
        if info.st_size == 0 { return [] }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var got = 0
        while got < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, $0.count - got) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .unreadable(path: path, reason: n == 0 ? "the file shrank while it was read" : String(cString: strerror(errno))) }
            got += n
        }
        return bytes
    }

    func deidDICOM(_ path: String) throws(DeidError) -> DeidDICOMResult {
        try dicom.run(try readDICOM(path), path: path)
    }

    static func dicomRelative(_ r: DeidDICOMResult) -> String {
        "\(r.pseudonym)/\(r.studyUID)/\(r.seriesUID)/\(r.sopUID).dcm"
    }

    func runDICOM(_ file: DatasetFile, _ report: inout DeidReport) throws(DeidError) {
        let result = try deidDICOM(file.path)
        guard !result.sopUID.isEmpty, !result.seriesUID.isEmpty, !result.studyUID.isEmpty else {
            throw .unreadable(path: file.path, reason: "no SOP Instance, Series Instance or Study Instance UID: not an image object this tool de-identifies")
        }
        let relative = Self.dicomRelative(result)
        try DeidOutput.write(result.bytes, relative: relative, under: out)
        for row in result.rows { map.record(row.0, row.1, row.2) }
        report.patients.insert(result.pseudonym)
        report.privateElementsRemoved += result.privateRemoved
        report.privateElementsKept += result.privateKept
        report.written.append(.init(input: file.path, output: relative))
        if !result.burnedInRisks.isEmpty {
            report.burnedIn.append(.init(input: file.path, output: relative, reasons: result.burnedInRisks))
        }
        for note in result.notes { report.notes.append("\(relative): \(note)") }
    }

    // MARK: NIfTI

    /// Where a NIfTI/Analyze file goes: its path under the folder given, or with `--rename` a
    /// name derived from the secret and that path (the extension kept).
    func niftiRelative(key: String) -> String {
        guard rename else { return key }
        let name = (key as NSString).lastPathComponent
        let lower = name.lowercased()
        let ext = [".nii.gz", ".hdr.gz", ".img.gz", ".nii", ".hdr", ".img"].first { lower.hasSuffix($0) } ?? ""
        // A pair (.hdr/.img) keeps one base name: derive it from the key without the extension.
        let stem = String(key.dropLast(ext.count))
        return "nifti/" + keys.fileName(for: stem) + ext
    }

    func niftiBytes(_ path: String) throws(DeidError) -> (bytes: [UInt8], dropped: Int) {
        if DeidNIfTI.isPairedImageName(path) { return (try readBytes(path), 0) }
        let r = try DeidNIfTI.process(path: path)
        return (r.bytes, r.droppedExtensionBytes)
    }

    func runNIfTI(_ file: DatasetFile, _ report: inout DeidReport) throws(DeidError) {
        let (bytes, dropped) = try niftiBytes(file.path)
        let relative = niftiRelative(key: file.key)
        try DeidOutput.write(bytes, relative: relative, under: out)
        report.extensionBytesDropped += dropped
        report.written.append(.init(input: file.path, output: relative))
    }
}
