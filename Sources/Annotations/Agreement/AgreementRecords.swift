import Foundation

/// Why a record is left out of the agreement figures.
public enum AgreementExclusion: String, Sendable, CaseIterable {
    /// A model's proposal the reviewer turned down (`status: rejected`).
    case rejectedProposal = "rejected proposal"
    /// A record whose latest review of its current version is `reject`.
    case rejectedInReview = "rejected in review"
    /// A record whose id has a deletion record (a tombstone) in the sidecar.
    case deleted = "deleted"
}

/// The records of one image that enter the figures, by annotator (a model's proposals under
/// the model's name), and what was left out and why.
public struct AgreementRecords: Sendable {
    public var annotations: [String: [Annotation]] = [:]
    public var labels: [String: [ImageLabel]] = [:]
    public var segmentations: [String: Segmentation] = [:]
    /// Annotators whose records here come from a model.
    public var models: Set<String> = []
    public var excluded: [(id: UUID, annotator: String, reason: AgreementExclusion)] = []

    /// `skipping` names an annotator left out altogether (the consensus being written).
    public init(_ document: SidecarDocument, skipping: String? = nil) {
        let tombstones = Set(document.deleted.map(\.id))
        func reason(_ id: UUID, _ status: ProposalStatus?) -> AgreementExclusion? {
            if tombstones.contains(id) { return .deleted }
            if status == .rejected { return .rejectedProposal }
            if case .decided(let review) = document.reviewState(of: id), review.decision == .reject { return .rejectedInReview }
            return nil
        }
        for a in document.annotations where a.annotator != skipping {
            if let why = reason(a.id, a.status) { excluded.append((a.id, a.annotator, why)); continue }
            annotations[a.annotator, default: []].append(a)
            if a.source.isModel { models.insert(a.annotator) }
        }
        for l in document.labels where l.annotator != skipping {
            if let why = reason(l.id, l.status) { excluded.append((l.id, l.annotator, why)); continue }
            labels[l.annotator, default: []].append(l)
            if l.source.isModel { models.insert(l.annotator) }
        }
        // One label map per annotator: the latest changed when a sidecar holds more.
        for s in document.segmentations.sorted(by: { $0.modified < $1.modified }) where s.annotator != skipping {
            if let why = reason(s.id, s.status) { excluded.append((s.id, s.annotator, why)); continue }
            segmentations[s.annotator] = s
            if s.source.isModel { models.insert(s.annotator) }
        }
    }

    /// Each annotator's landmarks by name: the latest modified one when a name is used twice.
    public var landmarks: [String: [String: SIMD3<Double>]] {
        var result: [String: [String: SIMD3<Double>]] = [:]
        for (annotator, list) in annotations {
            for a in list.filter({ $0.kind == .landmark }).sorted(by: { $0.modified < $1.modified }) {
                result[annotator, default: [:]][a.label] = a.lps
            }
        }
        return result
    }

    /// Each annotator's category per label set and unit (nil slice: the whole image): the
    /// names set, sorted and joined by `+` when a multiple-choice set has several.
    public var categories: [String: [LabelUnit: String]] {
        var names: [String: [LabelUnit: [String]]] = [:]
        for (annotator, list) in labels {
            for l in list { names[annotator, default: [:]][LabelUnit(labelSet: l.labelSet, slice: l.slice), default: []].append(l.name) }
        }
        return names.mapValues { $0.mapValues { Set($0).sorted().joined(separator: "+") } }
    }
}

/// What one image label rates: a label set on the whole image or on one slice.
public struct LabelUnit: Sendable, Hashable, Comparable {
    public var labelSet: String
    public var slice: Int?

    public static func < (a: LabelUnit, b: LabelUnit) -> Bool {
        (a.labelSet, a.slice ?? -1) < (b.labelSet, b.slice ?? -1)
    }
}
