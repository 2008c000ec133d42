import Foundation
import VolumeKit

/// `slicemark import`: reads one file a model wrote for one image and adds what it proposes to
/// the image's sidecar, each record by the model (`annotator` its name, `source` the model,
/// version and score, `status` `proposed`); a label map is written as the model's own
/// `<image>.<model>[@version].seg.nii.gz` with its label table and a `segmentations` record.
///
/// Importing a file again adds nothing: a proposal's id comes from the model, version, the
/// file's SHA-256 and the item (`ProposalIDs`), and an id the sidecar has (or had: deleted)
/// is not added again. Another version of the model makes other ids, so its proposals stand
/// beside the older ones. Everything goes through `AnnotationStore.save` (locked, atomic), each
/// record with an `import` line in the audit log.
public enum ProposalImport {
    public struct Outcome: Sendable, Equatable {
        public var format: ImportFormat
        /// Records added, by kind (`landmark`, …, `segmentation`).
        public var added: [String: Int]
        /// Proposals the sidecar already had from an earlier import of the same file.
        public var alreadyThere: Int
        /// The model's label map file written, if any.
        public var labelMapFile: String?
        /// What the file held that was left out, and why.
        public var notes: [String]

        public var addedCount: Int { added.values.reduce(0, +) }
    }

    /// Imports `file` for the image `target` into `store`'s sidecar. `by` is who ran the import
    /// (the audit log's annotator); `now` the time given to every record.
    public static func run(file: String, target: ImportTarget, store: AnnotationStore, model: ProposalModel,
                           labels labelsPath: String?, by: String, now: Timestamp) throws(ImportError) -> Outcome {
        let bytes: [UInt8]
        switch POSIXFile.readFile(file) {
        case .success(let b): bytes = b
        case .failure(let e): throw .unreadable(path: file, reason: "cannot be read (\(POSIXFile.errorText(e.code)))")
        }
        guard let format = ImportFormat.detect(path: file, bytes: bytes) else { throw .unknownFormat(path: file) }
        if labelsPath != nil, format != .labelMap, format != .coco { throw .labelsNotApplicable(path: file) }
        var labels: LabelTable?
        if let labelsPath { labels = try LabelNames.load(labelsPath) }
        var imported: ImportedFile
        switch format {
        case .labelMap: imported = try LabelMapImport.read(file, target: target, labels: labels)
        case .slicer: imported = try SlicerMarkupsImport.read(file, bytes: bytes, target: target)
        case .csv: imported = try PointsCSVImport.read(file, bytes: bytes, target: target)
        case .coco: imported = try COCOImport.read(file, bytes: bytes, target: target)
        }
        if let labels, var draft = imported.labelMap {
            // Names from --labels for a COCO mask's values, by name where the names agree.
            draft.table = LabelMapImport.completed(labels, values: Array(Set(draft.table.entries.map(\.value))))
            imported.labelMap = draft
        }
        guard !imported.drafts.isEmpty || imported.labelMap != nil else {
            throw .nothingToImport(path: file, reason: imported.notes.first ?? "it holds no points, shapes or masks")
        }
        let snapshot: SidecarSnapshot
        do {
            snapshot = try store.load()
        } catch {
            throw .store(error)
        }
        var document = snapshot.document
        var outcome = Outcome(format: format, added: [:], alreadyThere: 0, labelMapFile: nil, notes: imported.notes)
        var audit: [AuditEvent] = []
        var revision = document.highestRevision
        let fileSHA = ContentHash.hex(of: bytes)
        let known = Set(document.annotations.map(\.id) + document.deleted.map(\.id))
        let destination = SidecarLocation.absolute(file)
        func event<R: SidecarRecord>(_ record: R, before: R?, summary: String) -> AuditEvent {
            let (kind, label) = AuditEvent.describe(record)
            return AuditEvent(time: now, annotator: by, action: .import, cause: .command, record: R.auditRecord, id: record.id,
                              kind: kind, label: label, summary: summary, revision: record.revision,
                              baseRevision: before?.revision ?? 0, before: before.flatMap { AuditEvent.json($0) },
                              after: AuditEvent.json(record), format: format.rawValue, destination: destination)
        }
        let timepoint: Int? = target.volume.timepoints > 1 ? 0 : nil
        var seenInFile = Set<UUID>()
        for draft in imported.drafts {
            let id = ProposalIDs.id(model: model, fileSHA256: fileSHA, key: draft.key)
            guard seenInFile.insert(id).inserted else { continue }
            if known.contains(id) { outcome.alreadyThere += 1; continue }
            revision += 1
            var a = Annotation(id: id, kind: draft.kind, label: draft.label, description: draft.description,
                               annotator: model.annotator, created: now, revision: revision, plane: draft.plane,
                               timepoint: timepoint, points: draft.points, source: model.source(score: draft.score),
                               status: .proposed)
            a = AnnotationSession.measured(a, volume: target.volume)
            document.annotations.append(a)
            audit.append(event(a, before: nil, summary: "proposed by \(model.description): \(a.kind.rawValue) \"\(a.label)\""))
            outcome.added[a.kind.rawValue, default: 0] += 1
        }
        var companions: [AnnotationStore.CompanionFile] = []
        if let draft = imported.labelMap {
            let path = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: model.labelMapOwner)
            let encoded: [UInt8]
            do {
                encoded = try LabelMapNIfTIWriter.gzippedBytes(draft.map)
            } catch {
                throw .unreadable(path: file, reason: "cannot be written as a label map: \(error)")
            }
            let sha = ContentHash.hex(of: encoded)
            let id = ProposalIDs.labelMapID(model: model)
            let segments = draft.table.entries.map { Segmentation.Segment(value: Int($0.value), name: $0.name, color: $0.color.hex) }
            let existing = document.segmentations.firstIndex { $0.id == id }
            if let existing, document.segmentations[existing].sha256 == sha,
               FileManager.default.fileExists(atPath: path) {
                outcome.alreadyThere += 1
            } else {
                revision += 1
                let name = (path as NSString).lastPathComponent
                var record = Segmentation(id: id, annotator: model.annotator, created: now, file: name, sha256: sha,
                                          segments: segments, source: model.source(), status: .proposed, revision: revision)
                let before = existing.map { document.segmentations[$0] }
                if let before {
                    record = before
                    record.file = name
                    record.sha256 = sha
                    record.segments = segments
                    record.status = .proposed
                    record.modified = now.after(before.modified)
                    record.modifiedBy = model.annotator
                    record.revision = revision
                    document.segmentations[existing!] = record
                } else {
                    document.segmentations.append(record)
                }
                audit.append(event(record, before: before, summary: "label map proposed by \(model.description): \(segments.count) label(s)"))
                companions = [
                    .init(path: path, bytes: encoded),
                    .init(path: SidecarLocation.labelTablePath(forLabelMap: path), bytes: Array(draft.table.itkSnapText().utf8)),
                ]
                outcome.added["segmentation", default: 0] += 1
                outcome.labelMapFile = path
            }
        }
        guard !audit.isEmpty else { return outcome }
        do {
            _ = try store.save(document, audit: audit, after: snapshot, companions: companions)
        } catch {
            throw .store(error)
        }
        return outcome
    }
}
