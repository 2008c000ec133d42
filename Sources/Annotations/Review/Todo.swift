import Foundation

/// What one person still has to do (`status --todo NAME`, `view --todo NAME`), in image order.
///
/// As an annotator: images with nothing of theirs yet, and their records a reviewer rejected
/// (sent back). As a reviewer: other people's records not yet reviewed, changed since their
/// review, or reopened; a model's proposals wait for an annotator, not for the reviewer.
/// The reviewer's list holds annotations (landmarks, regions, measurements), the records the
/// viewer's review mode decides on; image labels and label maps are counted by `status` but
/// not queued for review.
/// Whether NAME is a reviewer is read from the work itself unless told: someone who has made
/// reviews and no records of their own reviews; someone with records annotates; both do both.
public struct Todo: Sendable {
    public struct Roles: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let annotator = Roles(rawValue: 1)
        public static let reviewer = Roles(rawValue: 2)
    }

    public enum Reason: String, Sendable, CaseIterable {
        /// Nothing from NAME on this image yet.
        case notStarted = "not_started"
        /// A reviewer rejected NAME's record; it is sent back.
        case rejected
        /// Someone else's record NAME has not reviewed yet.
        case notReviewed = "not_reviewed"
        /// Reviewed, then edited by its annotator.
        case changedSinceReview = "changed_since_review"
        /// A reviewer reopened it.
        case reopened

        public var words: String {
            switch self {
            case .notStarted: return "nothing yet"
            case .rejected: return "rejected"
            case .notReviewed: return "not reviewed"
            case .changedSinceReview: return "changed since review"
            case .reopened: return "reopened"
            }
        }
    }

    public struct Item: Sendable, Equatable {
        /// Index into the worklist's images.
        public var image: Int
        public var reason: Reason
        /// Nil for `notStarted`.
        public var record: ReviewableRecord?

        /// The review behind `rejected`, `changedSinceReview` and `reopened`.
        public var review: ReviewRecord? { record?.review.review }
    }

    public var name: String
    public var roles: Roles
    public var items: [Item]

    public init(for name: String, in worklist: Worklist, roles given: Roles? = nil) {
        self.name = name
        let roles = given ?? Self.roles(of: name, in: worklist)
        self.roles = roles
        var items: [Item] = []
        for (n, image) in worklist.images.enumerated() {
            if roles.contains(.annotator) {
                if !image.contributors.contains(name) {
                    items.append(Item(image: n, reason: .notStarted, record: nil))
                }
                for record in image.records where record.annotator == name && record.state == .rejected {
                    items.append(Item(image: n, reason: .rejected, record: record))
                }
            }
            if roles.contains(.reviewer) {
                for record in image.records where record.annotator != name && record.isAnnotation {
                    switch record.state {
                    case .draft:
                        let reopened = record.review.review?.decision == .reopen
                        items.append(Item(image: n, reason: reopened ? .reopened : .notReviewed, record: record))
                    case .changedSinceReview: items.append(Item(image: n, reason: .changedSinceReview, record: record))
                    case .proposed, .accepted, .rejected: break
                    }
                }
            }
        }
        self.items = items
    }

    /// The images of the list in order, each once.
    public var imageIndices: [Int] {
        var seen = Set<Int>()
        return items.map(\.image).filter { seen.insert($0).inserted }
    }

    public static func roles(of name: String, in worklist: Worklist) -> Roles {
        let annotates = worklist.images.contains { $0.contributors.contains(name) }
        let reviews = worklist.images.contains { $0.reviewers.contains(name) }
        if reviews && !annotates { return .reviewer }
        if reviews { return [.annotator, .reviewer] }
        return .annotator
    }
}
