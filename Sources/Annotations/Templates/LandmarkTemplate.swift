import Foundation

/// An ordered list of named landmarks to place (`--landmarks FILE`): `m` places the first one
/// the annotator has not placed yet.
///
/// ```json
/// { "name": "Lumbar endplates",
///   "landmarks": [ { "name": "L1 superior", "description": "centre of the superior endplate of L1" } ] }
/// ```
public struct LandmarkTemplate: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var name: String
        public var description: String?

        public init(name: String, description: String? = nil) {
            self.name = name
            self.description = description
        }
    }

    public var name: String
    public var landmarks: [Entry]

    public init(name: String, landmarks: [Entry]) {
        self.name = name
        self.landmarks = landmarks
    }

    public static func load(path: String) throws -> LandmarkTemplate {
        let template = try JSONFile.decode(LandmarkTemplate.self, path: path) {
            AnnotationError.invalidTemplate(path: path, detail: $0)
        }
        if let problem = template.problem { throw AnnotationError.invalidTemplate(path: path, detail: problem) }
        return template
    }

    /// What makes the template unusable, or nil.
    public var problem: String? {
        if landmarks.isEmpty { return "it lists no landmarks" }
        var seen = Set<String>()
        for (n, entry) in landmarks.enumerated() {
            let name = entry.name.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { return "landmark \(n + 1) has an empty name" }
            if !seen.insert(name).inserted { return "landmark \(n + 1): \"\(name)\" appears twice" }
        }
        return nil
    }
}

/// Where an annotator is in a template.
public struct TemplateProgress: Sendable, Equatable {
    public var placed: Int
    public var total: Int
    /// The landmark `m` places next; nil when all are placed.
    public var next: LandmarkTemplate.Entry?
}
