import Foundation

/// Reading JSON written by other tools: loose about integers versus reals, strict about shape.
extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var object: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var double: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d.isFinite ? d : nil
        default: return nil
        }
    }

    var int: Int? {
        switch self {
        case .integer(let i): return Int(exactly: i)
        case .number(let d): return d.isFinite && d == d.rounded() && abs(d) < 1e15 ? Int(d) : nil
        default: return nil
        }
    }

    var doubles: [Double]? {
        guard let a = array else { return nil }
        let d = a.compactMap(\.double)
        return d.count == a.count ? d : nil
    }

    /// Parses JSON text, or says why it is not JSON.
    static func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONProblem> {
        do {
            return .success(try JSONDecoder().decode(JSONValue.self, from: Data(bytes)))
        } catch let DecodingError.dataCorrupted(context) {
            return .failure(JSONProblem(text: "not valid JSON (\(context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription))"))
        } catch {
            return .failure(JSONProblem(text: "not valid JSON"))
        }
    }
}

/// Why bytes are not JSON.
struct JSONProblem: Error {
    var text: String
}
