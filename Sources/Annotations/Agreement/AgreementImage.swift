import Foundation
import VolumeKit

/// One image's sidecar as `agree` and `consensus` read it: the sidecar alone, never the
/// image's pixels (its grid and spacing are in the sidecar). The image is not hashed again:
/// the sidecar's own `image` and `geometry` are taken as written.
public struct AgreementImage: Sendable {
    /// The image as the reports name it: the sidecar's path without `.annotations.json` (the
    /// image file, or `<folder>/<SeriesInstanceUID>` for a DICOM series).
    public var name: String
    public var sidecarPath: String
    public var document: SidecarDocument

    public var folder: String { (sidecarPath as NSString).deletingLastPathComponent }

    public init(name: String, sidecarPath: String, document: SidecarDocument) {
        self.name = name
        self.sidecarPath = sidecarPath
        self.document = document
    }

    /// Reads and checks one sidecar (never through a link, schema and revisions checked).
    public static func read(sidecar path: String) throws(AnnotationError) -> AgreementImage {
        let bytes: [UInt8]
        switch OwnedFile.read(path) {
        case .success(let b): bytes = b
        case .failure(let refusal):
            throw refusal.error(path: path) { AnnotationError.unreadableSidecar(path: path, reason: $0) }
        }
        let document = try SidecarCoding.decode(bytes, path: path)
        if let problem = document.problem(dimensions: document.geometry.dimensions) {
            throw AnnotationError.invalidSidecar(path: path, detail: problem)
        }
        let name = path.hasSuffix(SidecarLocation.suffix) ? String(path.dropLast(SidecarLocation.suffix.count)) : path
        return AgreementImage(name: name, sidecarPath: path, document: document)
    }

    /// The sidecars of the files found under the paths given: every `*.annotations.json`
    /// found in a folder, and for an image file named directly the sidecar beside it (or, for
    /// a DICOM file, the sidecar in its folder that lists it). Sorted, each once.
    public static func sidecars(found files: [String], namedDirectly: Set<String>) -> [String] {
        var result = Set<String>()
        var folderSidecars: [String: [String]] = [:]
        for file in files {
            if file.hasSuffix(SidecarLocation.suffix) {
                result.insert(SidecarLocation.absolute(file))
                continue
            }
            guard namedDirectly.contains(file) else { continue }
            let beside = file + SidecarLocation.suffix
            if FileManager.default.fileExists(atPath: beside) {
                result.insert(SidecarLocation.absolute(beside))
                continue
            }
            let folder = (SidecarLocation.absolute(file) as NSString).deletingLastPathComponent
            if folderSidecars[folder] == nil {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                folderSidecars[folder] = names.filter { $0.hasSuffix(SidecarLocation.suffix) }
                    .map { (folder as NSString).appendingPathComponent($0) }
            }
            let name = (file as NSString).lastPathComponent
            for sidecar in folderSidecars[folder] ?? [] {
                if let image = try? read(sidecar: sidecar), image.document.image.files.contains(where: { $0.name == name }) {
                    result.insert(sidecar)
                }
            }
        }
        return result.sorted()
    }

    /// A label map this sidecar names, read and checked against the sidecar's grid.
    public func labelMap(_ segmentation: Segmentation) throws(AgreementError) -> LabelMap {
        let path = (folder as NSString).appendingPathComponent(segmentation.file)
        let map: LabelMap
        do {
            map = try LabelMapReader.read(path: path)
        } catch {
            throw .labelMap(path: path, reason: error.description)
        }
        let grid = document.geometry.dimensions
        guard map.dimensions == Array(grid.prefix(3)) else {
            let dims = { (d: [Int]) in d.map(String.init).joined(separator: " × ") }
            throw .labelMap(path: path, reason: "its grid is \(dims(map.dimensions)), its image's \(dims(grid))")
        }
        return map
    }

    /// The image's grid and geometry as the sidecar gives them.
    public var geometry: VolumeGeometry? {
        let g = document.geometry
        guard g.dimensions.count >= 3, g.spacing.count >= 3, g.indexToLPS.count >= 3,
              g.indexToLPS.allSatisfy({ $0.count >= 4 }) else { return nil }
        let spacing = SIMD3(g.spacing[0], g.spacing[1], g.spacing[2])
        let m = g.indexToLPS
        let columns = (0..<3).map { c in SIMD3(m[0][c], m[1][c], m[2][c]) / spacing[c] }
        return VolumeGeometry(origin: SIMD3(m[0][3], m[1][3], m[2][3]), spacing: spacing,
                              direction: Matrix3(columns: columns), spacingSource: g.spacingSource)
    }
}

/// What `agree` and `consensus` cannot use, named with the file.
public enum AgreementError: Error, Equatable, Sendable, CustomStringConvertible {
    case labelMap(path: String, reason: String)
    /// STAPLE here weighs at most 16 annotators' label maps of one image.
    case tooManyForSTAPLE(image: String, count: Int)

    public var description: String {
        switch self {
        case .labelMap(let path, let reason): return "\(path): this label map cannot be used (\(reason))"
        case .tooManyForSTAPLE(let image, let count):
            return "\(image): \(count) people drew label maps; STAPLE takes at most 16 (use --method majority)"
        }
    }
}
