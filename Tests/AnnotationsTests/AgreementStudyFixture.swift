import Foundation
import TestSupport
import VolumeKit
@testable import Annotations

/// A real image (nibabel's example4d.nii.gz: 128 × 96 × 24, voxels 2 × 2 × 2.2 mm) copied into
/// a fresh folder, and helpers that save several annotators' records on it through the store,
/// as the viewer would: what `agree` and `consensus` are tested on.
struct AgreementStudyFixture {
    let folder: TemporaryFolder
    let image: String
    let volume: Volume
    let store: AnnotationStore

    init() throws {
        folder = try TemporaryFolder()
        image = folder.file("example4d.nii.gz")
        try FileManager.default.copyItem(atPath: Fixtures.path("nibabel/example4d.nii.gz"), toPath: image)
        volume = try NIfTIReader.read(path: image)
        store = try AnnotationStore(volume: volume)
    }

    var geometry: VolumeGeometry { volume.geometry }
    var emptyMap: LabelMap { LabelMap(grid: volume) }

    /// Saves `annotator`'s landmarks (name → voxel), labels and label map.
    func save(_ annotator: String, landmarks: [String: SIMD3<Int>] = [:], labels: [(set: String, name: String, slice: Int?)] = [],
              regions: [(kind: AnnotationKind, label: String, voxels: [SIMD3<Int>])] = [],
              labelMap: LabelMap? = nil, source: RecordSource = .human, status: ProposalStatus? = nil) throws {
        var session = AnnotationSession(document: try store.load().document, annotator: annotator)
        var changes: [RecordChange] = []
        for (name, voxel) in landmarks.sorted(by: { $0.key < $1.key }) {
            changes.append(.annotation(before: nil, after: Annotation(
                id: session.ids.next(), kind: .landmark, label: name, annotator: annotator, created: session.now, plane: .axial,
                points: [AnnotationPoint(voxel: voxel, geometry: geometry)], source: source, status: status)))
        }
        for l in labels {
            changes.append(.label(before: nil, after: ImageLabel(id: session.ids.next(), labelSet: l.set, name: l.name, slice: l.slice,
                                                                annotator: annotator, created: session.now, source: source, status: status)))
        }
        for r in regions {
            changes.append(.annotation(before: nil, after: Annotation(
                id: session.ids.next(), kind: r.kind, label: r.label, annotator: annotator, created: session.now, plane: .axial,
                points: r.voxels.map { AnnotationPoint(voxel: $0, geometry: geometry) })))
        }
        if !changes.isEmpty { _ = session.commit(Edit(summary: "test records", changes: changes)) }
        var companions: [AnnotationStore.CompanionFile] = []
        var labelMapID: UUID?
        var sha = ""
        if let labelMap {
            let path = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: annotator)
            let encoded = try LabelMapCompanions.encode(labelMap, table: .defaults(), path: path)
            labelMapID = session.recordLabelMapChange(file: (path as NSString).lastPathComponent,
                                                      segments: [.init(value: 1, name: "liver", color: "#FF0000"),
                                                                 .init(value: 2, name: "kidney", color: "#00FF00")],
                                                      summary: "test label map")
            companions = encoded.files
            sha = encoded.sha256
        }
        let audit = session.takeAuditEvents()
        var document = session.document
        if let id = labelMapID {
            document = document.withLabelMapHash(sha, of: id)
            if source.isModel, let index = document.segmentations.firstIndex(where: { $0.id == id }) {
                document.segmentations[index].source = source
                document.segmentations[index].status = status
            }
        }
        _ = try store.save(document, audit: audit, companions: companions)
    }

    func labelMapPath(_ annotator: String) -> String {
        SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: annotator)
    }

    func sidecar() throws -> AgreementImage { try AgreementImage.read(sidecar: store.sidecarPath) }

    /// An ellipsoid of `value` (centre and semi-axes in voxels) painted into `map`, with each
    /// voxel near its boundary flipped at random (seeded): a plausible second reader's outline.
    static func paintEllipsoid(_ map: inout LabelMap, value: UInt16, centre: SIMD3<Double>, radii: SIMD3<Double>,
                               jitter: Double = 0, seed: UInt64 = 1) {
        var rng = SplitMix(seed: seed)
        for k in 0..<map.depth {
            for j in 0..<map.height {
                for i in 0..<map.width {
                    let p = (SIMD3(Double(i), Double(j), Double(k)) - centre) / radii
                    let r = (p * p).sum()
                    var inside = r <= 1
                    if jitter > 0, abs(r - 1) < jitter, rng.next() % 3 == 0 { inside.toggle() }
                    if inside { map[i, j, k] = value }
                }
            }
        }
    }

    static func paintBox(_ map: inout LabelMap, value: UInt16, from a: SIMD3<Int>, to b: SIMD3<Int>) {
        for k in a.z...b.z { for j in a.y...b.y { for i in a.x...b.x { map[i, j, k] = value } } }
    }
}
