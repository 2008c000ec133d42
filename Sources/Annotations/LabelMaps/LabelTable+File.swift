import Foundation
import VolumeKit

extension LabelTable {
    /// Reads a label table file: ITK-SNAP label descriptions or a 3D Slicer colour table.
    public static func load(path: String) throws(AnnotationError) -> LabelTable {
        let bytes: [UInt8]
        switch POSIXFile.readFile(path) {
        case .success(let b): bytes = b
        case .failure(let e): throw AnnotationError.unreadable(path: path, reason: POSIXFile.errorText(e.code))
        }
        guard let text = String(validating: bytes, as: UTF8.self) ?? String(bytes: bytes, encoding: .isoLatin1) else {
            throw AnnotationError.unreadable(path: path, reason: "not a text file")
        }
        do {
            return try parse(text, file: path)
        } catch {
            throw AnnotationError.unreadable(path: path, reason: error.description.replacingOccurrences(of: path + ": ", with: ""))
        }
    }
}
