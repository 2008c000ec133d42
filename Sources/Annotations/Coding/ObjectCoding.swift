/// Reads one JSON object key by key, remembering which keys were read, so that whatever is
/// left (keys from a newer slicemark) can be kept as `UnknownKeys`.
struct ObjectReader {
    let container: KeyedDecodingContainer<AnyKey>
    private(set) var known: Set<String> = []
    /// The sidecar schema being read (`slicemark/1` or `slicemark/2`), as the document decoder
    /// passed it down.
    let schema: String

    init(_ decoder: any Decoder) throws {
        container = try decoder.container(keyedBy: AnyKey.self)
        schema = (decoder.userInfo[.sidecarSchema] as? String) ?? SidecarDocument.schemaName
    }

    var isVersion1: Bool { schema == SidecarDocument.version1 }

    mutating func callAsFunction<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T {
        known.insert(key)
        return try container.decode(T.self, forKey: AnyKey(key))
    }

    mutating func optional<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        known.insert(key)
        return try container.decodeIfPresent(T.self, forKey: AnyKey(key))
    }

    /// Marks a key as understood without reading it (a v1 key that is converted elsewhere).
    mutating func skip(_ key: String) { known.insert(key) }

    /// Every key not read so far, with its value.
    func unknown() throws -> UnknownKeys {
        var out: UnknownKeys = [:]
        for key in container.allKeys where !known.contains(key.stringValue) {
            out[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        return out
    }
}

/// Writes one JSON object: the known keys, then the unknown ones kept from reading (a kept key
/// never replaces a known one).
struct ObjectWriter {
    var container: KeyedEncodingContainer<AnyKey>
    private var written: Set<String> = []

    init(_ encoder: any Encoder) {
        container = encoder.container(keyedBy: AnyKey.self)
    }

    mutating func callAsFunction<T: Encodable>(_ key: String, _ value: T) throws {
        written.insert(key)
        try container.encode(value, forKey: AnyKey(key))
    }

    mutating func optional<T: Encodable>(_ key: String, _ value: T?) throws {
        written.insert(key)
        try container.encodeIfPresent(value, forKey: AnyKey(key))
    }

    mutating func unknown(_ keys: UnknownKeys) throws {
        for (key, value) in keys where !written.contains(key) {
            try container.encode(value, forKey: AnyKey(key))
        }
    }
}

extension CodingUserInfoKey {
    /// The `schema` of the sidecar being decoded, so that records can read slicemark/1 fields.
    static let sidecarSchema = CodingUserInfoKey(rawValue: "slicemark.sidecarSchema")!
}
