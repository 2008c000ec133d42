import Foundation

/// One image as the worklist reads it: where it is, where its sidecar is, and what the sidecar
/// holds (nil when there is none yet), or why it could not be read.
public struct WorklistImage: Sendable {
    public var path: String
    public var sidecarPath: String
    public var document: SidecarDocument?
    /// The sidecar exists but was refused (invalid JSON, another schema): the message.
    public var problem: String?

    public init(path: String, sidecarPath: String, document: SidecarDocument?, problem: String? = nil) {
        self.path = path
        self.sidecarPath = sidecarPath
        self.document = document
        self.problem = problem
    }
}

/// How many records are in each work state.
public struct WorkCounts: Sendable, Equatable {
    public private(set) var byState: [WorkState: Int] = [:]

    public init() {}

    public subscript(state: WorkState) -> Int { byState[state] ?? 0 }
    public var total: Int { byState.values.reduce(0, +) }

    public mutating func add(_ state: WorkState, _ n: Int = 1) { byState[state, default: 0] += n }
    public mutating func add(_ other: WorkCounts) { for (s, n) in other.byState { add(s, n) } }
}

/// What `slicemark status` reports: per image who annotated it, how many of their records are
/// in each state and which image labels they set; per annotator the same over all images.
/// Computed from sidecar documents only; no image is read.
public struct Worklist: Sendable {
    public struct AnnotatorWork: Sendable, Equatable {
        public var annotator: String
        public var counts: WorkCounts
        /// Images with at least one record of this annotator (totals only).
        public var images: Int
    }

    public struct LabelUse: Sendable, Equatable {
        /// `labelSet:name`.
        public var label: String
        public var annotators: [String]
    }

    public struct ImageStatus: Sendable {
        public var path: String
        public var sidecarPath: String
        public var hasSidecar: Bool
        public var problem: String?
        /// Sorted by name.
        public var annotators: [AnnotatorWork]
        public var labels: [LabelUse]
        public var records: [ReviewableRecord]
        public var counts: WorkCounts
        /// Everyone who made a record or a note here.
        public var contributors: Set<String>
        public var reviewers: Set<String>
    }

    public var images: [ImageStatus]
    /// Sorted by name.
    public var annotators: [AnnotatorWork]
    public var counts: WorkCounts

    public init(_ inputs: [WorklistImage]) {
        images = inputs.map(Self.status)
        var totals: [String: AnnotatorWork] = [:]
        var counts = WorkCounts()
        for image in images {
            counts.add(image.counts)
            for work in image.annotators {
                var total = totals[work.annotator] ?? AnnotatorWork(annotator: work.annotator, counts: WorkCounts(), images: 0)
                total.counts.add(work.counts)
                total.images += 1
                totals[work.annotator] = total
            }
        }
        annotators = totals.values.sorted { $0.annotator < $1.annotator }
        self.counts = counts
    }

    static func status(_ input: WorklistImage) -> ImageStatus {
        guard let document = input.document else {
            return ImageStatus(path: input.path, sidecarPath: input.sidecarPath, hasSidecar: false, problem: input.problem,
                               annotators: [], labels: [], records: [], counts: WorkCounts(), contributors: [], reviewers: [])
        }
        let records = document.reviewableRecords
        var byAnnotator: [String: WorkCounts] = [:]
        var counts = WorkCounts()
        for record in records {
            byAnnotator[record.annotator, default: WorkCounts()].add(record.state)
            counts.add(record.state)
        }
        var labelUsers: [String: Set<String>] = [:]
        for label in document.labels { labelUsers["\(label.labelSet):\(label.name)", default: []].insert(label.annotator) }
        let reviewers = Set(document.reviews.map(\.reviewer))
        let contributors = Set(records.map(\.annotator)).union(document.notes.map(\.annotator))
        return ImageStatus(
            path: input.path, sidecarPath: input.sidecarPath, hasSidecar: true, problem: input.problem,
            annotators: byAnnotator.map { AnnotatorWork(annotator: $0.key, counts: $0.value, images: 1) }
                .sorted { $0.annotator < $1.annotator },
            labels: labelUsers.map { LabelUse(label: $0.key, annotators: $0.value.sorted()) }.sorted { $0.label < $1.label },
            records: records, counts: counts, contributors: contributors, reviewers: reviewers)
    }
}
