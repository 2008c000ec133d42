import Foundation

/// One field that differs between two versions of a record, for reading an audit line:
/// `points[0].voxel: [120,88,40] → [121,88,40]`.
public struct AuditFieldChange: Sendable, Equatable {
    /// Where in the record: keys joined by `.`, array items as `[n]`.
    public var path: String
    /// The value before and after (nil: absent).
    public var old: JSONValue?
    public var new: JSONValue?
}

extension AuditLog {
    /// The bookkeeping every change touches (`modified`, `modifiedBy`, `revision`), left out
    /// of `changes` by default: the line itself says who, when and which revision.
    public static let bookkeepingKeys: Set<String> = ["modified", "modifiedBy", "revision"]

    /// The fields that differ between `old` and `new`, depth first in key order. Objects are
    /// compared key by key and arrays of objects item by item (when both have as many items);
    /// an array of plain values (a position) is one field.
    public static func changes(from old: JSONValue?, to new: JSONValue?,
                               ignoring ignored: Set<String> = bookkeepingKeys) -> [AuditFieldChange] {
        var out: [AuditFieldChange] = []
        diff(old, new, path: "", ignored: ignored, into: &out)
        return out
    }

    private static func diff(_ a: JSONValue?, _ b: JSONValue?, path: String, ignored: Set<String>,
                             into out: inout [AuditFieldChange]) {
        guard a != b else { return }
        switch (a, b) {
        case (.object(let x)?, .object(let y)?):
            for key in Set(x.keys).union(y.keys).sorted() where !(path.isEmpty && ignored.contains(key)) {
                diff(x[key], y[key], path: path.isEmpty ? key : path + "." + key, ignored: ignored, into: &out)
            }
        case (.array(let x)?, .array(let y)?) where x.count == y.count && x.contains(where: \.isContainer):
            for (n, (p, q)) in zip(x, y).enumerated() {
                diff(p, q, path: path + "[\(n)]", ignored: ignored, into: &out)
            }
        default:
            out.append(AuditFieldChange(path: path, old: a, new: b))
        }
    }

    /// A value as compact JSON with sorted keys, for one line of text.
    public static func compact(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
    }
}

extension JSONValue {
    var isContainer: Bool {
        switch self {
        case .object, .array: true
        default: false
        }
    }
}
