import Foundation
import VolumeKit

/// A DICOM series as `check` sees it: the files with pixel data sharing a Series Instance UID.
struct CheckedSeries: Sendable {
    var uid: String
    var files: [FileFacts]
    /// The deepest folder holding every file: where its sidecar lives.
    var folder: String

    var dicom: [DICOMFacts] { files.compactMap(\.dicom) }
    var first: DICOMFacts { files[0].dicom! }
    /// The folder, or the one file of a single-file series: what findings name.
    var displayPath: String { files.count == 1 ? files[0].path : folder }

    var label: String {
        var text = "series"
        if let n = first.seriesNumber { text += " \(n)" }
        if let modality = first.modality { text += " (\(modality))" }
        return text + " \(uid)"
    }
}

/// The images of a dataset: DICOM series and NIfTI/Analyze files (label maps are not images).
struct ImageUnits: Sendable {
    var series: [CheckedSeries]
    var nifti: [FileFacts]

    init(_ facts: [FileFacts]) {
        var byUID: [String: [FileFacts]] = [:]
        var order: [String] = []
        for f in facts where f.kind == .dicom {
            guard let d = f.dicom, d.hasPixelData else { continue }
            let uid = d.seriesInstanceUID ?? "(no Series Instance UID) \(f.path)"
            if byUID[uid] == nil { order.append(uid) }
            byUID[uid, default: []].append(f)
        }
        series = order.map { uid in
            let files = byUID[uid]!.sorted { $0.key < $1.key }
            return CheckedSeries(uid: uid, files: files, folder: commonFolder(files.map(\.path)))
        }
        nifti = facts.filter { $0.kind == .nifti }.sorted { $0.key < $1.key }
    }
}

func commonFolder(_ paths: [String]) -> String {
    var parts = (paths[0] as NSString).deletingLastPathComponent.split(separator: "/", omittingEmptySubsequences: false)
    for path in paths.dropFirst() {
        let other = (path as NSString).deletingLastPathComponent.split(separator: "/", omittingEmptySubsequences: false)
        var n = 0
        while n < parts.count, n < other.count, parts[n] == other[n] { n += 1 }
        parts = Array(parts.prefix(n))
    }
    let joined = parts.joined(separator: "/")
    return joined.isEmpty ? (paths[0].hasPrefix("/") ? "/" : ".") : joined
}

/// The slices of a series placed along the normal of their plane.
struct SeriesGeometry: Sendable {
    struct Slice: Sendable {
        var path: String
        var position: Double
    }

    /// Rounded to 1/1000: orientations that differ less are the same.
    static func orientationKey(_ o: [Double]) -> String {
        o.map { String(format: "%.3f", ($0 * 1000).rounded() / 1000 + 0) }.joined(separator: ",")
    }

    var orientation: [Double]
    var normal: SIMD3<Double>
    /// Unique positions along the normal, ascending (files at one position: the first).
    var slices: [Slice]
    var pixelSpacing: [Double]?
    var columns: Int
    var rows: Int
    var firstPosition: SIMD3<Double>

    /// Positions closer than this (mm) are one slice position (as the DICOM reader has it).
    static let samePosition = 0.01

    /// The geometry of the files with the series' most common orientation, one file per SOP
    /// Instance UID and per pixel data; nil when the files are not single-frame slices that all
    /// have a position and an orientation.
    init?(_ series: CheckedSeries) {
        let usable = series.files.filter { f in
            guard let d = f.dicom else { return false }
            return d.frames == 1 && d.imagePosition != nil && d.imageOrientation != nil
        }
        guard !usable.isEmpty, usable.count == series.files.count else { return nil }
        var counts: [String: Int] = [:]
        for f in usable { counts[Self.orientationKey(f.dicom!.imageOrientation!), default: 0] += 1 }
        let major = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
        var seenSOP = Set<String>(), seenPixels = Set<String>()
        var placed: [(FileFacts, SIMD3<Double>)] = []
        for f in usable where Self.orientationKey(f.dicom!.imageOrientation!) == major {
            let d = f.dicom!
            if let sop = d.sopInstanceUID, !seenSOP.insert(sop).inserted { continue }
            if let pixels = d.pixelSHA256, !seenPixels.insert(pixels).inserted { continue }
            let p = d.imagePosition!
            placed.append((f, SIMD3(p[0], p[1], p[2])))
        }
        let o = placed[0].0.dicom!.imageOrientation!
        let row = SIMD3(o[0], o[1], o[2]), col = SIMD3(o[3], o[4], o[5])
        var n = cross(row, col)
        if length(n) < 1e-6 { n = SIMD3(0, 0, 1) }
        n /= length(n)
        orientation = o
        normal = n
        let sorted = placed.map { (path: $0.0.path, z: dot($0.1, n), point: $0.1) }.sorted { ($0.z, $0.path) < ($1.z, $1.path) }
        var unique: [Slice] = []
        for s in sorted where unique.last.map({ abs($0.position - s.z) > Self.samePosition }) ?? true {
            unique.append(Slice(path: s.path, position: s.z))
        }
        slices = unique
        firstPosition = sorted[0].point
        let first = placed[0].0.dicom!
        pixelSpacing = first.pixelSpacing
        columns = first.columns ?? 0
        rows = first.rows ?? 0
    }

    var gaps: [Double] { zip(slices.dropFirst(), slices).map { $0.position - $1.position } }

    /// The series' slice spacing: the median gap between neighbouring positions.
    var spacing: Double? { median(gaps) }

    /// The grid a label map for this series must have (as the DICOM reader builds it).
    var volumeGeometry: (dimensions: [Int], geometry: VolumeGeometry)? {
        guard let ps = pixelSpacing else { return nil }
        let o = orientation
        let direction = Matrix3(columns: [SIMD3(o[0], o[1], o[2]), SIMD3(o[3], o[4], o[5]), normal])
        let z = spacing ?? 1
        return ([columns, rows, slices.count],
                VolumeGeometry(origin: firstPosition, spacing: SIMD3(ps[1], ps[0], z), direction: direction))
    }
}

func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Millimetres as a person reads them: 5, 1.25, 0.703125.
func mm(_ value: Double) -> String {
    String(format: "%g", (value * 10000).rounded() / 10000)
}
