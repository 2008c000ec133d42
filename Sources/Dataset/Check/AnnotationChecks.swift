import Annotations
import Foundation
import VolumeKit

/// Sidecars and label maps against the images they name (DESIGN.md, "Files next to an image").
extension CheckAnalysis {
    mutating func sidecars() {
        let byPath = Dictionary(facts.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for f in facts where f.kind == .sidecar {
            guard let s = f.sidecar else { continue }
            if let uid = s.seriesInstanceUID {
                let candidates = units.series.filter { $0.uid == uid && $0.folder == f.folder }
                guard !candidates.isEmpty else {
                    add(.error, .orphanSidecar, f.path, "its DICOM series \(uid) is not in this folder")
                    continue
                }
                let claimed = sidecarImage(s)
                let problems = candidates.map { identity(of: $0).mismatch(with: claimed) }
                if let n = problems.firstIndex(where: { $0 == nil }) {
                    if s.records > 0 || !s.labelMaps.isEmpty { annotated.insert(seriesKey(candidates[n])) }
                } else {
                    add(.error, .sidecarImageMismatch, f.path, "not the image it was made for: \(problems[0]!)")
                }
                continue
            }
            let imagePath = String(f.path.dropLast(SidecarLocation.suffix.count))
            guard let image = byPath[imagePath], image.kind == .nifti || image.kind == .unreadable else {
                add(.error, .orphanSidecar, f.path, "its image \(name(imagePath)) is not there")
                continue
            }
            guard image.kind == .nifti, let sha = image.sha256 else { continue }
            var files = [SidecarImage.FileHash(name: image.name, sha256: sha)]
            if let paired = image.nifti?.pairedImage, let pairedSHA = image.nifti?.pairedSHA256 {
                files.append(SidecarImage.FileHash(name: paired, sha256: pairedSHA))
            }
            let actual = SidecarImage(format: ImageFormat(rawValue: image.nifti?.format ?? "nifti") ?? .nifti, files: files)
            if let problem = actual.mismatch(with: sidecarImage(s)) {
                add(.error, .sidecarImageMismatch, f.path, "not the image it was made for: \(problem)")
            } else if s.records > 0 || !s.labelMaps.isEmpty {
                annotated.insert(image.path)
            }
        }
    }

    private func sidecarImage(_ s: SidecarFacts) -> SidecarImage {
        SidecarImage(format: ImageFormat(rawValue: s.format) ?? .nifti, studyInstanceUID: s.studyInstanceUID,
                     seriesInstanceUID: s.seriesInstanceUID, sopInstanceUIDs: s.sopInstanceUIDs,
                     files: s.files.filter { $0.count == 2 }.map { SidecarImage.FileHash(name: $0[0], sha256: $0[1]) })
    }

    /// The series as its sidecar would identify it (`AnnotationStore.identify`).
    private func identity(of series: CheckedSeries) -> SidecarImage {
        SidecarImage(format: .dicom, studyInstanceUID: series.first.studyInstanceUID, seriesInstanceUID: series.uid,
                     sopInstanceUIDs: series.dicom.compactMap(\.sopInstanceUID),
                     files: series.files.map { SidecarImage.FileHash(name: $0.name, sha256: $0.sha256 ?? "") })
    }

    mutating func labelMaps() {
        let byPath = Dictionary(facts.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        for f in facts where f.kind == .labelMap {
            guard let map = f.nifti else { continue }
            let base = f.name.hasSuffix(".seg.nii.gz") ? String(f.name.dropLast(11)) : String(f.name.dropLast(8))
            // `<image>.<annotator>`: the annotator's name may hold dots, so try every split.
            var parts = base.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            var found = false
            while parts.count > 1, !found {
                parts.removeLast()
                let imageName = parts.joined(separator: ".")
                let imagePath = (f.folder as NSString).appendingPathComponent(imageName)
                if let image = byPath[imagePath], image.kind == .nifti || image.kind == .unreadable {
                    found = true
                    annotated.insert(image.path)
                    if let n = image.nifti { grid(f, map, imageName: image.name, image: (n.dimensions, geometry(n))) }
                } else if let series = units.series.first(where: { $0.folder == f.folder && seriesFileName($0.uid) == imageName }) {
                    found = true
                    annotated.insert(seriesKey(series))
                    if let g = SeriesGeometry(series)?.volumeGeometry { grid(f, map, imageName: series.label, image: g) }
                }
            }
            if !found {
                add(.error, .orphanLabelMap, f.path, "no image \(base.split(separator: ".").dropLast().joined(separator: ".")) or series of that name beside it")
            }
        }
    }

    private mutating func grid(_ f: FileFacts, _ map: NIfTIFacts, imageName: String, image: (dimensions: [Int], geometry: VolumeGeometry)) {
        let mapDimensions = Array(map.dimensions.prefix(3))
        if let difference = LabelMapGrid.difference(mapDimensions: mapDimensions, geometry(map),
                                                    imageDimensions: Array(image.dimensions.prefix(3)), image.geometry) {
            add(.error, .labelMapGrid, f.path, "does not lie on the grid of \(imageName): \(difference)")
        }
    }

    private func geometry(_ n: NIfTIFacts) -> VolumeGeometry {
        VolumeGeometry(origin: SIMD3(n.origin[0], n.origin[1], n.origin[2]),
                       spacing: SIMD3(n.spacing[0], n.spacing[1], n.spacing[2]),
                       direction: Matrix3(columns: n.direction.map { SIMD3($0[0], $0[1], $0[2]) }))
    }

    /// A Series Instance UID as it appears in file names (`SidecarLocation`).
    private func seriesFileName(_ uid: String) -> String {
        String(uid.unicodeScalars.map { s -> Character in
            (s.isASCII && CharacterSet.alphanumerics.contains(s)) || s == "." || s == "-" ? Character(s) : "_"
        })
    }
}
