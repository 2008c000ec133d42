import Foundation

/// Categorical labels for whole images, toggled with `1`–`9` (the first nine).
///
/// ```json
/// { "name": "qa", "scope": "series", "choice": "single",
///   "labels": [ { "name": "pass", "color": "#2E9E44" }, { "name": "fail", "color": "#D1342F" } ] }
/// ```
/// `scope` `series` labels the whole series or volume; `image` labels the 2D image (slice k of
/// the volume's third axis) under the cursor. `choice` `single` keeps at most one label of the
/// set per annotator (and image), `multiple` any number.
public struct LabelSet: Sendable, Equatable, Codable {
    public enum Scope: String, Sendable, Codable { case image, series }
    public enum Choice: String, Sendable, Codable { case single, multiple }

    public struct Label: Sendable, Equatable, Codable {
        public var name: String
        /// `#RRGGBB`.
        public var color: String
        public var description: String?

        public init(name: String, color: String, description: String? = nil) {
            self.name = name
            self.color = color
            self.description = description
        }

        /// The colour as 8-bit red, green, blue.
        public var rgb: SIMD3<UInt8>? {
            let hex = Array(color.utf8)
            guard hex.count == 7, hex[0] == UInt8(ascii: "#") else { return nil }
            func nibble(_ c: UInt8) -> UInt8? {
                switch c {
                case 48...57: return c - 48
                case 65...70: return c - 55
                case 97...102: return c - 87
                default: return nil
                }
            }
            var out = SIMD3<UInt8>(0, 0, 0)
            for channel in 0..<3 {
                guard let hi = nibble(hex[1 + 2 * channel]), let lo = nibble(hex[2 + 2 * channel]) else { return nil }
                out[channel] = hi << 4 | lo
            }
            return out
        }
    }

    public var name: String
    public var scope: Scope
    public var choice: Choice
    public var labels: [Label]

    public init(name: String, scope: Scope = .series, choice: Choice = .single, labels: [Label]) {
        self.name = name
        self.scope = scope
        self.choice = choice
        self.labels = labels
    }

    public static func load(path: String) throws -> LabelSet {
        let set = try JSONFile.decode(LabelSet.self, path: path) { AnnotationError.invalidLabelSet(path: path, detail: $0) }
        if let problem = set.problem { throw AnnotationError.invalidLabelSet(path: path, detail: problem) }
        return set
    }

    /// What makes the set unusable, or nil.
    public var problem: String? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return "\"name\" is empty" }
        if labels.isEmpty { return "it lists no labels" }
        var seen = Set<String>()
        for (n, label) in labels.enumerated() {
            if label.name.trimmingCharacters(in: .whitespaces).isEmpty { return "label \(n + 1) has an empty name" }
            if !seen.insert(label.name).inserted { return "label \(n + 1): \"\(label.name)\" appears twice" }
            if label.rgb == nil { return "label \(n + 1) (\(label.name)): colour \"\(label.color)\" is not #RRGGBB" }
        }
        return nil
    }
}
