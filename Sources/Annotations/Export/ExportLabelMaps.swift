import Foundation
import VolumeKit

/// Reading the label maps a selection names, checked against their image's grid, and turning
/// their values into an export's values.
enum ExportLabelMaps {
    static func read(_ image: ExportImage, _ segmentation: Segmentation) throws(ExportError) -> LabelMap {
        let path = image.labelMapPath(segmentation)
        let map: LabelMap
        do {
            map = try LabelMapReader.read(path: path)
        } catch {
            throw .labelMap(path: path, reason: error.description)
        }
        let grid = [image.volume.width, image.volume.height, image.volume.depth]
        guard map.dimensions == grid else {
            throw .labelMap(path: path, reason: "its grid is \(map.dimensions.map(String.init).joined(separator: " × ")), "
                            + "its image's \(grid.map(String.init).joined(separator: " × "))")
        }
        return map
    }

    /// A map of the image's grid and geometry holding `value(old)` for every voxel (0 stays 0).
    static func remapped(_ map: LabelMap, on image: ExportImage, _ value: (UInt16) -> UInt16) -> LabelMap {
        var values = [UInt16](repeating: 0, count: map.voxelCount)
        var cache: [UInt16: UInt16] = [0: 0]
        for k in 0..<map.depth {
            for offset in 0..<map.voxelsPerSlice {
                let old = map[k, offset]
                guard old != 0 else { continue }
                let new: UInt16
                if let known = cache[old] { new = known } else { new = value(old); cache[old] = new }
                values[k * map.voxelsPerSlice + offset] = new
            }
        }
        return LabelMap(width: map.width, height: map.height, depth: map.depth, geometry: image.volume.geometry, values: values)
    }

    static func gzipped(_ map: LabelMap, path: String) throws(ExportError) -> [UInt8] {
        do {
            return try LabelMapNIfTIWriter.gzippedBytes(map)
        } catch {
            throw .writeFailed(path: path, reason: error.description)
        }
    }
}
