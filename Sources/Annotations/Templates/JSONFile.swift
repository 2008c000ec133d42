import Foundation
import VolumeKit

/// Reads a small JSON settings file (label set, landmark template), turning decoding errors
/// into one line that says where in the file the problem is.
enum JSONFile {
    static func decode<T: Decodable>(_ type: T.Type, path: String, error: (String) -> AnnotationError) throws -> T {
        let data: Data
        switch POSIXFile.readFile(path) {
        case .success(let bytes): data = Data(bytes)
        case .failure(let e): throw AnnotationError.unreadable(path: path, reason: POSIXFile.errorText(e.code))
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let decoding as DecodingError {
            throw error(DecodingErrorText.describe(decoding))
        } catch let other {
            throw error("\(other)")
        }
    }
}

/// `DecodingError` as one readable line: what is wrong, at which key path.
enum DecodingErrorText {
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = context.codingPath.isEmpty ? "" : " in \(path(context.codingPath))"
            return "\"\(key.stringValue)\" is missing\(at)"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) should be \(typeName(type))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "not JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)"
            }
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default: return "\(type)".contains("Array") ? "a list" : "an object"
        }
    }
}
