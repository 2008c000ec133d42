import Crypto
import Foundation
import VolumeKit

/// One record a file proposes, before it gets its id and times: what it is, where, and the
/// key that tells it from the file's other items (for its deterministic id).
struct ProposalDraft: Sendable, Equatable {
    var key: String
    var kind: AnnotationKind
    var label: String
    var description: String?
    var plane: Plane
    var points: [AnnotationPoint]
    var score: Double?
}

/// A label map a file proposes, on the image's grid, with what its values are called.
struct LabelMapDraft: Sendable {
    var map: LabelMap
    var table: LabelTable
}

/// What one file holds for the image: records, a label map, and what was left out and why.
struct ImportedFile: Sendable {
    var drafts: [ProposalDraft] = []
    var labelMap: LabelMapDraft?
    var notes: [String] = []
}

/// Ids of imported proposals, the same every time for the same model, version, file content
/// and item (SHA-256 of the four, shaped as a version-4 UUID): importing a file again finds
/// its proposals already there, while another version of the model makes new ones.
enum ProposalIDs {
    static func id(model: ProposalModel, fileSHA256: String, key: String) -> UUID {
        uuid(["slicemark proposal", model.name, model.version, fileSHA256, key])
    }

    /// The label map record of a model version: one per image (its file is replaced when the
    /// model's output changes).
    static func labelMapID(model: ProposalModel) -> UUID {
        uuid(["slicemark proposal label map", model.name, model.version])
    }

    private static func uuid(_ parts: [String]) -> UUID {
        var b = Array(SHA256.hash(data: Array(parts.joined(separator: "\u{0}").utf8)).prefix(16))
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }
}
