import Foundation

/// The sidecar's bytes: pretty-printed JSON, keys sorted (the same document always gives the
/// same bytes), one trailing newline; and the reverse, refusing anything that is not a whole,
/// valid `slicemark/1` or `slicemark/2` file (a slicemark/1 file is upgraded in memory).
public enum SidecarCoding {
    static func encode(_ document: SidecarDocument, path: String) throws(AnnotationError) -> [UInt8] {
        do {
            return try encode(document)
        } catch {
            throw AnnotationError.writeFailed(path: path, reason: "cannot encode the annotations: \(error)")
        }
    }

    /// Any value in the sidecar's layout (the document, or a part of it for tests).
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return CompactNumberArrays.apply(Array(try encoder.encode(value))) + [0x0A]
    }

    private struct SchemaProbe: Decodable { var schema: String? }

    public static func decode(_ bytes: [UInt8], path: String) throws(AnnotationError) -> SidecarDocument {
        let data = Data(bytes)
        let probe: SchemaProbe
        do {
            probe = try JSONDecoder().decode(SchemaProbe.self, from: data)
        } catch let error as DecodingError {
            throw AnnotationError.invalidSidecar(path: path, detail: DecodingErrorText.describe(error))
        } catch {
            throw AnnotationError.invalidSidecar(path: path, detail: "\(error)")
        }
        guard let schema = probe.schema else {
            throw AnnotationError.invalidSidecar(path: path, detail: "\"schema\" is missing")
        }
        guard SidecarDocument.readableSchemas.contains(schema) else {
            throw AnnotationError.unsupportedSchema(path: path, found: schema)
        }
        do {
            let decoder = JSONDecoder()
            decoder.userInfo[.sidecarSchema] = schema
            return try decoder.decode(SidecarDocument.self, from: data)
        } catch let error as DecodingError {
            throw AnnotationError.invalidSidecar(path: path, detail: DecodingErrorText.describe(error))
        } catch {
            throw AnnotationError.invalidSidecar(path: path, detail: "\(error)")
        }
    }
}
