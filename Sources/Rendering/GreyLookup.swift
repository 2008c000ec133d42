import VolumeKit

/// Stored sample → display grey for 8- and 16-bit grey volumes, through one lookup table.
///
/// Rescale, window and MONOCHROME1 inversion are folded into a table of 256 or 65 536 greys,
/// rebuilt only when one of them changes; a slice is then gathered straight from the voxel
/// buffer, one table read per pixel, with no intermediate floating-point slice. This is what
/// keeps a frame of a 512 × 512 CT well under the 2 ms budget.
struct GreyLookup {
    private struct Key: Equatable {
        var voxelType: VoxelType
        var rescale: Rescale
        var window: WindowLevel
        var inverted: Bool
    }

    private var key: Key?
    private var table: [UInt8] = []

    /// Whether a volume's samples can go through a table (one component of 8 or 16 bits).
    static func applies(to volume: Volume, settings: DisplaySettings) -> Bool {
        guard volume.components == 1, settings.palette == nil else { return false }
        switch volume.voxelType {
        case .uint8, .int8, .uint16, .int16: return true
        default: return false
        }
    }

    /// Writes the display greys of slice `s` at timepoint `t` into `out` (`width * height`).
    mutating func gather(_ volume: Volume, layout: PlaneLayout, slice s: Int, t: Int, settings: DisplaySettings,
                         into out: UnsafeMutablePointer<UInt8>) {
        prepare(volume, settings)
        let origin = layout.voxel(column: 0, row: 0, slice: s)
        let base = volume.sampleIndex(origin.x, origin.y, origin.z, t: t)
        func stride(_ step: AxisStep) -> Int {
            let unit = step.axis == 0 ? 1 : step.axis == 1 ? volume.width : volume.width * volume.height
            return step.flipped ? -unit : unit
        }
        let columnStride = stride(layout.column), rowStride = stride(layout.row)
        let width = layout.width, height = layout.height
        table.withUnsafeBufferPointer { lut in
            let p = volume.buffer.bytes
            func copy<T: FixedWidthInteger>(_: T.Type, mask: Int) {
                let samples = p.assumingMemoryBound(to: T.self)
                var o = 0
                for r in 0..<height {
                    var i = base + r * rowStride
                    if columnStride == 1 {
                        for c in 0..<width { out[o + c] = lut[Int(truncatingIfNeeded: samples[i + c]) & mask] }
                        o += width
                    } else {
                        for _ in 0..<width {
                            out[o] = lut[Int(truncatingIfNeeded: samples[i]) & mask]
                            o += 1
                            i += columnStride
                        }
                    }
                }
            }
            switch volume.voxelType {
            case .uint8: copy(UInt8.self, mask: 0xFF)
            case .int8: copy(Int8.self, mask: 0xFF)
            case .uint16: copy(UInt16.self, mask: 0xFFFF)
            case .int16: copy(Int16.self, mask: 0xFFFF)
            default: preconditionFailure("GreyLookup used for \(volume.voxelType)")
            }
        }
    }

    private mutating func prepare(_ volume: Volume, _ settings: DisplaySettings) {
        let wanted = Key(voxelType: volume.voxelType, rescale: volume.rescale, window: settings.window,
                         inverted: settings.inverted)
        guard wanted != key else { return }
        key = wanted
        let size = volume.voxelType.byteCount == 1 ? 256 : 65536
        table.removeAll(keepingCapacity: true)
        for i in 0..<size {
            let stored: Double
            switch volume.voxelType {
            case .int8: stored = Double(Int8(truncatingIfNeeded: i))
            case .int16: stored = Double(Int16(truncatingIfNeeded: i))
            default: stored = Double(i)
            }
            let g = settings.window.apply(volume.rescale.apply(stored))
            table.append(settings.inverted ? 255 - g : g)
        }
    }
}
