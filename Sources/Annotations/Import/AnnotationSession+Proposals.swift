import Foundation
import VolumeKit

/// Deciding a model's proposals in the viewer: accept, reject, and accept an edited one as
/// `fix-accept`. Each decision sets the record's `status` and adds a review record by this
/// session's annotator (the record keeps its `annotator` and `source`: who proposed it); a
/// decision on several records at once is one undo step.
extension AnnotationSession {
    /// Proposals not yet decided, in the order the walk keys visit them: by slice of the
    /// image's own axis (k), then label, then id.
    public var openProposals: [Annotation] {
        document.annotations.filter { $0.status == .proposed }
            .sorted { ($0.voxel.z, $0.label, $0.id.uuidString) < ($1.voxel.z, $1.label, $1.id.uuidString) }
    }

    /// Selects the next (`step` 1) or previous (-1) open proposal after the selection.
    public mutating func selectProposal(step: Int) -> SessionChange {
        let open = openProposals
        guard !open.isEmpty else { return .info("no proposals left to decide") }
        let current = selection.flatMap { id in open.firstIndex { $0.id == id } }
        let index = current.map { (($0 + step) % open.count + open.count) % open.count } ?? (step > 0 ? 0 : open.count - 1)
        selection = open[index].id
        return .info("proposal \(index + 1)/\(open.count): \(Self.describeProposal(open[index]))")
    }

    /// Accepts (`accept`) or rejects (`reject`) the proposals `ids`, with one review each.
    public mutating func decideProposals(_ ids: [UUID], _ decision: ReviewRecord.Decision, comment: String? = nil) -> SessionChange {
        let status: ProposalStatus = decision == .reject ? .rejected : .accepted
        var changes: [RecordChange] = []
        var decided: [Annotation] = []
        for id in ids {
            guard let before = document.annotation(id), before.status != nil, before.status != status else { continue }
            var after = before
            after.status = status
            // The review is of the version this change makes: stamped as `write` will stamp it.
            let review = ReviewRecord(id: self.ids.next(), target: id, targetModified: now.after(before.modified),
                                      reviewer: annotator, decision: decision, comment: comment, time: now)
            changes += [.annotation(before: before, after: after), .review(before: nil, after: review)]
            decided.append(before)
        }
        guard let first = decided.first else { return .info("no proposal to \(decision == .reject ? "reject" : "accept") there") }
        let verb = decision == .reject ? "rejected" : decision == .fixAccept ? "fixed and accepted" : "accepted"
        let what = decided.count == 1 ? Self.describeProposal(first) : "\(decided.count) proposals"
        let keep = selection
        let change = commit(Edit(summary: "\(verb) \(what)", changes: changes), message: "\(verb) \(what)")
        selection = keep.flatMap { document.annotation($0) == nil ? nil : $0 }
        return change
    }

    /// A proposal this session has edited (moved, renamed) while it was still proposed: accepted
    /// as `fix-accept`, keeping its source.
    public mutating func fixAccept(_ id: UUID) -> SessionChange {
        decideProposals([id], .fixAccept)
    }

    /// The open proposals labelled `label` (any label when nil), on `slice` of `plane` when
    /// given, else on the whole image.
    public func openProposals(label: String?, plane: Plane? = nil, slice: Int? = nil, volume: Volume) -> [Annotation] {
        openProposals.filter { a in
            if let label, a.label != label { return false }
            if let plane, let slice { return a.slices(on: volume.layout(plane)).contains(slice) }
            return true
        }
    }

    static func describeProposal(_ a: Annotation) -> String {
        var text = "\(a.kind.rawValue) \"\(a.label)\" by \(a.source.name ?? a.annotator)"
        if let version = a.source.version, version != ProposalModel.unversioned { text += "@\(version)" }
        if let score = a.source.score { text += String(format: " (score %.2f)", score) }
        return text
    }
}

extension AnnotationSession {
    /// Decides a model's label-map proposal (its `segmentations` record): `accept` when its
    /// labels were taken into this annotator's own label map (`comment` says which), `reject`
    /// when it is turned down. Sets the record's `status` (accepted once every label has been
    /// taken) and adds the review record; the review can be undone, the status change is kept.
    public mutating func decideLabelMapProposal(_ id: UUID, _ decision: ReviewRecord.Decision, whole: Bool,
                                                comment: String?) -> SessionChange {
        guard let record = document.segmentations.first(where: { $0.id == id }), record.source.isModel else {
            return .info("that label map is not a model's proposal")
        }
        let status: ProposalStatus? = decision == .reject ? .rejected : whole ? .accepted : record.status
        if status != record.status {
            var changed = record
            changed.status = status
            _ = write(changed, id: id, in: \.segmentations, record: .segmentation, cause: .edit,
                  summary: "\(decision == .reject ? "rejected" : "accepted") label map of \(record.annotator)")
        }
        guard let targetModified = document.modifiedOfRecord(id) else { return .info("that label map no longer exists") }
        let review = ReviewRecord(id: ids.next(), target: id, targetModified: targetModified, reviewer: annotator,
                                  decision: decision, comment: comment, time: now)
        let verb = decision == .reject ? "rejected" : "accepted"
        return commit(Edit(summary: "\(verb) label map of \(record.annotator)", changes: [.review(before: nil, after: review)]),
                      message: "\(verb) \(record.annotator)'s label map" + (comment.map { ": \($0)" } ?? ""))
    }

    /// Marks this annotator's own label map record as made from a model's proposal: its
    /// `source` names the model (the record stays this annotator's, `status` accepted).
    public mutating func recordLabelMapSource(_ source: RecordSource) {
        guard source.isModel, let index = document.segmentations.firstIndex(where: { $0.annotator == annotator && $0.status != .proposed && ($0.source == .human || $0.status == .accepted) }) else { return }
        var record = document.segmentations[index]
        guard record.source != source || record.status != .accepted else { return }
        record.source = source
        record.status = .accepted
        _ = write(record, id: record.id, in: \.segmentations, record: .segmentation, cause: .edit,
              summary: "label map made from \(source.name ?? "a model")'s proposal")
    }
}

extension AnnotationSession {
    /// A proposal this annotator fix-accepted and then went on editing: its `fix-accept` review
    /// is moved to the version now shown (the fix was still under way), so it does not read as
    /// changed since review. Nil when the record's latest review is not such a review.
    public mutating func followFixAccept(_ id: UUID) -> SessionChange? {
        guard let a = document.annotation(id), a.status == .accepted,
              case .changedSinceReview(let last) = document.reviewState(of: id),
              last.decision == .fixAccept, last.reviewer == annotator else { return nil }
        var review = last
        review.targetModified = a.modified
        review.time = now
        return commit(Edit(summary: "fixed \(Self.describeProposal(a))", changes: [.review(before: last, after: review)]),
                      message: nil)
    }
}
