/// Any JSON value, for what a sidecar holds that this slicemark does not know (keys and
/// record kinds written by a newer version): it is read into this, carried along unchanged, and
/// written back, so an older slicemark never erases a newer one's data.
///
/// Integers stay integers (`Int64`) and other numbers are `Double`s, which the encoder writes in
/// their shortest exact form, so a value read and written again gives the same text.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: AnyKey.self) {
            var object: [String: JSONValue] = [:]
            for key in c.allKeys { object[key.stringValue] = try c.decode(JSONValue.self, forKey: key) }
            self = .object(object)
        } else if var c = try? decoder.unkeyedContainer() {
            var array: [JSONValue] = []
            while !c.isAtEnd { array.append(try c.decode(JSONValue.self)) }
            self = .array(array)
        } else {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int64.self) { self = .integer(i) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else { self = .string(try c.decode(String.self)) }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var c = encoder.singleValueContainer()
            try c.encodeNil()
        case .bool(let b):
            var c = encoder.singleValueContainer()
            try c.encode(b)
        case .integer(let i):
            var c = encoder.singleValueContainer()
            try c.encode(i)
        case .number(let d):
            var c = encoder.singleValueContainer()
            try c.encode(d)
        case .string(let s):
            var c = encoder.singleValueContainer()
            try c.encode(s)
        case .array(let values):
            var c = encoder.unkeyedContainer()
            for v in values { try c.encode(v) }
        case .object(let object):
            var c = encoder.container(keyedBy: AnyKey.self)
            for (k, v) in object { try c.encode(v, forKey: AnyKey(k)) }
        }
    }
}

/// The keys of an object that a type does not know, with their values.
public typealias UnknownKeys = [String: JSONValue]

/// A coding key made from any string.
struct AnyKey: CodingKey, Hashable, ExpressibleByStringLiteral {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init(stringLiteral value: String) { stringValue = value }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
