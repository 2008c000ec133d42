/// Where an annotation stands in review: drawn (`draft`), handed in (`submitted`), then
/// `accepted` or `rejected` by a reviewer, with an optional comment.
public struct Review: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case draft, submitted, accepted, rejected
    }

    public var status: Status
    public var reviewer: String?
    public var reviewed: Timestamp?
    public var comment: String?

    public init(status: Status = .draft, reviewer: String? = nil, reviewed: Timestamp? = nil, comment: String? = nil) {
        self.status = status
        self.reviewer = reviewer
        self.reviewed = reviewed
        self.comment = comment
    }

    public static let draft = Review()
}
