import Annotations
import Foundation
import VolumeKit

/// A label map as the files written with the sidecar (`LabelMapCompanions`). Run on the saving
/// thread: compressing a large map takes a while.
enum LabelMapFiles {
    static func encode(_ save: LabelMapSave) throws -> LabelMapCompanions.Encoded {
        try LabelMapCompanions.encode(save.map, table: save.table, path: save.path)
    }
}
