import Foundation
import VolumeKit

/// A consensus annotator's records for one image, from the other people's records (models'
/// proposals, rejected and deleted records left out, as in `agree`):
///
/// - a landmark placed by at least two of them at the mean of their positions (LPS), with the
///   spread: the mean and largest distance of their points from it;
/// - an image label where at least two rated the unit and one category has more votes than
///   any other; a tie is reported and no label written;
/// - a label map from at least two of their maps, by per-voxel majority (`LabelVoting`, ties
///   → 0, counted) or STAPLE (`STAPLE.labelMap`).
///
/// Written as drafts of annotator `name` (source human) through an `AnnotationSession`, so the
/// store merges, locks and audits them like any save; a note of `name` says how they were made.
/// Run again, it updates `name`'s records (same ids) and deletes those no longer supported.
public struct Consensus: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case majority, staple
    }

    public struct LandmarkSpread: Sendable, Equatable {
        public var name: String
        public var annotators: [String]
        public var meanMM: Double
        public var maxMM: Double
    }

    public struct LabelTie: Sendable, Equatable {
        public var labelSet: String
        public var slice: Int?
        public var votes: [String: Int]
    }

    /// What one image's consensus holds and what could not be decided.
    public struct Outcome: Sendable {
        public var image: String
        public var landmarks: [LandmarkSpread] = []
        public var labels: [ImageLabel] = []
        public var ties: [LabelTie] = []
        public var labelMapAnnotators: [String] = []
        /// Voxels where the majority was a tie (set to 0); nil for STAPLE or no label map.
        public var voxelTies: Int?
        public var stapleIterations: [UInt16: Int] = [:]
        public var labelMap: LabelMap?
        public var changed = false
    }

    public var name: String
    public var method: Method
    public var now: Timestamp

    public init(name: String, method: Method, now: Timestamp) {
        self.name = name
        self.method = method
        self.now = now
    }

    /// Computes the consensus of `image`, writes it through `store` when it changes anything,
    /// and reports it. `image.document` must be what the store holds.
    public func apply(to image: AgreementImage, store: AnnotationStore) throws -> Outcome {
        let loaded = try store.load()
        var outcome = Outcome(image: image.name)
        let records = AgreementRecords(loaded.document, skipping: name)
        let people = { (names: [String]) in names.filter { !records.models.contains($0) }.sorted() }
        var session = AnnotationSession(document: loaded.document, annotator: name,
                                        ids: RecordIDs(seed: .random(in: 0 ... .max)), now: now)
        var changes: [RecordChange] = []
        changes += landmarkChanges(records, people: people, document: loaded.document, image: image, outcome: &outcome, ids: &session.ids)
        changes += labelChanges(records, people: people, document: loaded.document, outcome: &outcome, ids: &session.ids)
        if !changes.isEmpty { _ = session.commit(Edit(summary: "consensus (\(method.rawValue))", changes: changes)) }

        var companions: [AnnotationStore.CompanionFile] = []
        var labelMapRecord: (id: UUID, sha: String)?
        let mapPeople = people(Array(records.segmentations.keys))
        if method == .staple, mapPeople.count > 16 { throw AgreementError.tooManyForSTAPLE(image: image.name, count: mapPeople.count) }
        if mapPeople.count >= 2 {
            var maps: [LabelMap] = []
            var segments: [Int: Segmentation.Segment] = [:]
            for person in mapPeople {
                let s = records.segmentations[person]!
                maps.append(try image.labelMap(s))
                for segment in s.segments where segments[segment.value] == nil { segments[segment.value] = segment }
            }
            if maps.allSatisfy({ $0.dimensions == maps[0].dimensions }) {
                let map: LabelMap
                switch method {
                case .majority:
                    let vote = LabelVoting.majority(maps)
                    map = vote.map
                    outcome.voxelTies = vote.ties
                case .staple:
                    let staple = STAPLE.labelMap(maps)
                    map = staple.map
                    outcome.stapleIterations = staple.labels.mapValues(\.iterations)
                }
                outcome.labelMap = map
                outcome.labelMapAnnotators = mapPeople
                let path = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: name)
                let table = LabelTable(entries: segments.values.sorted { $0.value < $1.value }.compactMap { s in
                    (try? LabelColor(hex: s.color)).map { LabelTable.Entry(value: UInt16(s.value), name: s.name, color: $0) }
                })
                let encoded = try LabelMapCompanions.encode(map, table: table, path: path)
                let previous = session.segmentation(of: name)
                if previous?.sha256 != encoded.sha256 || previous?.file != (path as NSString).lastPathComponent {
                    let complete = LabelMapCompanions.completeTable(table, map)
                    let id = session.recordLabelMapChange(
                        file: (path as NSString).lastPathComponent,
                        segments: complete.entries.filter { $0.value != 0 }.map { .init(value: Int($0.value), name: $0.name, color: $0.color.hex) },
                        summary: "consensus label map (\(methodText(mapPeople)))")
                    companions = encoded.files
                    labelMapRecord = (id, encoded.sha256)
                }
            }
        }
        let involved = Set(outcome.landmarks.flatMap(\.annotators) + outcome.labelMapAnnotators
                           + records.categories.keys.filter { !records.models.contains($0) })
        let wantsNote = !(outcome.landmarks.isEmpty && outcome.labels.isEmpty && outcome.labelMap == nil)
        if wantsNote {
            let text = "consensus by slicemark consensus --method \(method.rawValue) of \(involved.sorted().joined(separator: ", "))"
            if session.note != text { _ = session.setNote(text) }
        }
        var audit = session.takeAuditEvents()
        guard !audit.isEmpty || !companions.isEmpty else { return outcome }
        var document = session.document
        if let labelMapRecord {
            document = document.withLabelMapHash(labelMapRecord.sha, of: labelMapRecord.id)
            audit = audit.map { event in
                guard event.id == labelMapRecord.id, case .object(var after)? = event.after else { return event }
                var e = event
                after["sha256"] = .string(labelMapRecord.sha)
                e.after = .object(after)
                return e
            }
        }
        _ = try store.save(document, audit: audit, after: loaded, companions: companions)
        outcome.changed = true
        return outcome
    }

    private func methodText(_ people: [String]) -> String {
        "\(method == .staple ? "STAPLE" : "per-voxel majority") of \(people.joined(separator: ", "))"
    }

    // MARK: Landmarks

    private func landmarkChanges(_ records: AgreementRecords, people: ([String]) -> [String], document: SidecarDocument,
                                 image: AgreementImage, outcome: inout Outcome, ids: inout RecordIDs) -> [RecordChange] {
        let points = records.landmarks
        let raters = people(Array(points.keys))
        let mine = document.annotations.filter { $0.annotator == name && $0.kind == .landmark }
        var changes: [RecordChange] = []
        var kept = Set<UUID>()
        let names = Set(raters.flatMap { points[$0]!.keys })
        for landmark in names.sorted() {
            let who = raters.filter { points[$0]![landmark] != nil }
            guard who.count >= 2, let geometry = image.geometry else { continue }
            let positions = who.map { points[$0]![landmark]! }
            let mean = positions.reduce(SIMD3<Double>(repeating: 0), +) / Double(positions.count)
            let distances = positions.map { (($0 - mean) * ($0 - mean)).sum().squareRoot() }
            outcome.landmarks.append(.init(name: landmark, annotators: who, meanMM: distances.reduce(0, +) / Double(distances.count),
                                           maxMM: distances.max() ?? 0))
            let dims = image.document.geometry.dimensions
            let index = geometry.index(ofPatientPosition: mean).rounded(.toNearestOrEven)
            let voxel = SIMD3<Int>((0..<3).map { max(0, min(dims[$0] - 1, Int(index[$0]))) })
            let point = AnnotationPoint(voxel: voxel, lps: (mean * 1e6).rounded(.toNearestOrEven) / 1e6)
            let source = records.annotations[who[0]]!.last { $0.kind == .landmark && $0.label == landmark }!
            let description = "consensus: mean of \(who.joined(separator: ", "))"
            if let existing = mine.first(where: { $0.label == landmark && !kept.contains($0.id) }) {
                kept.insert(existing.id)
                guard existing.points != [point] || existing.description != description else { continue }
                var after = existing
                after.setPoints([point])
                after.description = description
                after.plane = source.plane
                changes.append(.annotation(before: existing, after: after))
            } else {
                let new = Annotation(id: ids.next(), kind: .landmark, label: landmark, description: description, annotator: name,
                                     created: now, plane: source.plane, timepoint: source.timepoint, points: [point])
                changes.append(.annotation(before: nil, after: new))
            }
        }
        for stale in mine where !kept.contains(stale.id) { changes.append(.annotation(before: stale, after: nil)) }
        return changes
    }

    // MARK: Labels

    private func labelChanges(_ records: AgreementRecords, people: ([String]) -> [String], document: SidecarDocument,
                              outcome: inout Outcome, ids: inout RecordIDs) -> [RecordChange] {
        let categories = records.categories
        let raters = people(Array(categories.keys))
        var wanted: [LabelUnit: [String]] = [:]
        for unit in Set(raters.flatMap { categories[$0]!.keys }).sorted() {
            let votes = raters.compactMap { categories[$0]![unit] }
            guard votes.count >= 2 else { continue }
            let counts = Dictionary(votes.map { ($0, 1) }, uniquingKeysWith: +)
            let top = counts.values.max()!
            let winners = counts.filter { $0.value == top }.keys
            if winners.count > 1 {
                outcome.ties.append(.init(labelSet: unit.labelSet, slice: unit.slice, votes: counts))
                continue
            }
            wanted[unit] = winners.first!.split(separator: "+").map(String.init)
        }
        let mine = document.labels.filter { $0.annotator == name }
        var changes: [RecordChange] = []
        var kept = Set<UUID>()
        for (unit, names) in wanted.sorted(by: { $0.key < $1.key }) {
            for labelName in names {
                if let existing = mine.first(where: { $0.labelSet == unit.labelSet && $0.slice == unit.slice && $0.name == labelName }) {
                    kept.insert(existing.id)
                    outcome.labels.append(existing)
                } else {
                    let label = ImageLabel(id: ids.next(), labelSet: unit.labelSet, name: labelName, slice: unit.slice,
                                           annotator: name, created: now)
                    outcome.labels.append(label)
                    changes.append(.label(before: nil, after: label))
                }
            }
        }
        for stale in mine where !kept.contains(stale.id) { changes.append(.label(before: stale, after: nil)) }
        return changes
    }
}
