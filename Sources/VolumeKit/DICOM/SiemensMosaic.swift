import Foundation

/// A Siemens mosaic: one image holding the slices of a whole volume as tiles, row by row
/// (research MR: fMRI and diffusion). The CSA header's NumberOfImagesInMosaic says how many
/// tiles are slices; the tiles are ⌈√N⌉ a side. Unpacked here with the geometry nibabel's
/// `MosaicWrapper` and dcm2niix give:
///
/// - Image Position (Patient) is that of the mosaic's corner as if it were one big image; the
///   first slice's corner is that point moved by half the difference between the mosaic's and
///   a tile's size, along the rows and the columns;
/// - slices follow the slice normal (row × column direction), turned round when the CSA
///   header's SliceNormalVector points the other way (the order Siemens acquired them in),
///   Spacing Between Slices apart (Slice Thickness when that is missing).
struct SiemensMosaic: Sendable, Equatable {
    var images: Int
    var tilesPerSide: Int
    var tileColumns: Int
    var tileRows: Int
    var csaSliceNormal: SIMD3<Double>?

    enum Detection: Sendable, Equatable {
        case notMosaic
        case mosaic(SiemensMosaic)
        /// Says mosaic but cannot be unpacked: the image is read as it is, with this note.
        case unusable(String)
    }

    /// Mosaic when Image Type names MOSAIC and the CSA header gives NumberOfImagesInMosaic.
    static func detect(_ ds: DICOMDataset, layout: DICOMPixelLayout) -> Detection {
        guard ds.strings(.imageType).contains(where: { $0.uppercased() == "MOSAIC" }) else { return .notMosaic }
        guard let csa = SiemensCSAHeader.image(of: ds) else {
            return .unusable("Image Type says MOSAIC but the Siemens CSA header (0029,1010) is missing or unreadable: shown as one image")
        }
        guard let n = csa.int("NumberOfImagesInMosaic"), n >= 1 else {
            return .unusable("Image Type says MOSAIC but the CSA header gives no NumberOfImagesInMosaic: shown as one image")
        }
        let side = Int(Double(n).squareRoot().rounded(.up))
        guard layout.rows % side == 0, layout.columns % side == 0, layout.frames == 1 else {
            return .unusable("the CSA header's NumberOfImagesInMosaic \(n) (\(side) × \(side) tiles) does not tile this \(layout.columns) × \(layout.rows) image: shown as one image")
        }
        let normal = csa.numbers("SliceNormalVector")
        return .mosaic(SiemensMosaic(images: n, tilesPerSide: side, tileColumns: layout.columns / side,
                                     tileRows: layout.rows / side,
                                     csaSliceNormal: normal.count == 3 ? SIMD3(normal[0], normal[1], normal[2]) : nil))
    }

    /// The geometry of the unpacked volume, from the mosaic image's own record.
    func geometry(_ record: DICOMFrameRecord, mosaicColumns: Int, mosaicRows: Int, sliceSpacing: Double?) -> VolumeGeometry {
        let row = record.rowCosine ?? [1, 0, 0], column = record.columnCosine ?? [0, 1, 0]
        // Pixel Spacing is (between rows, between columns).
        let spacing = record.pixelSpacing ?? [1, 1]
        var normal = cross(row, column)
        if let csa = csaSliceNormal, dot(csa, normal) < 0 { normal = -normal }
        let corner = record.position ?? .zero
        let origin = corner + row * spacing.y * Double(mosaicColumns - tileColumns) / 2
            + column * spacing.x * Double(mosaicRows - tileRows) / 2
        let dz = sliceSpacing.flatMap { $0 > 0 ? $0 : nil } ?? 1
        return VolumeGeometry(origin: origin, spacing: [spacing.y, spacing.x, dz],
                              direction: Matrix3(columns: [row, column, normal]),
                              spacingSource: record.spacingSource)
    }

    /// Tiles of one mosaic frame (`sampleBytes` a pixel) → `images` slices, one after another.
    func unpack(_ frame: UnsafeRawPointer, mosaicColumns: Int, sampleBytes: Int, into dest: UnsafeMutableRawPointer) {
        let rowBytes = tileColumns * sampleBytes
        for k in 0..<images {
            let tileRow = k / tilesPerSide, tileColumn = k % tilesPerSide
            for r in 0..<tileRows {
                let source = ((tileRow * tileRows + r) * mosaicColumns + tileColumn * tileColumns) * sampleBytes
                (dest + (k * tileRows + r) * rowBytes).copyMemory(from: frame + source, byteCount: rowBytes)
            }
        }
    }
}
