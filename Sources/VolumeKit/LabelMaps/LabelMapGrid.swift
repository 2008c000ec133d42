import Foundation

/// Whether a label map lies on an image's grid: the same dimensions, spacing, orientation and
/// origin, within tolerances that absorb how files store geometry (NIfTI in float32, DICOM as
/// decimal strings, a qform as a float32 quaternion) and nothing a person could see. A map that
/// does not fit is refused, never resampled.
///
/// Tolerances, against the image's values (ITK's `ImageToImageFilter` default, 1e-6 of the
/// spacing, is stricter than float32 can store a position of 150 mm in, so it would refuse a
/// mask written for a DICOM series by any NIfTI writer):
/// - dimensions: exactly equal;
/// - spacing: each axis within 1e-4 of the image's spacing, relatively (float32 keeps 7
///   significant digits; across 512 voxels 1e-4 adds up to 1/20 of a voxel);
/// - orientation: every direction cosine within 1e-4 (0.006°: 0.03 mm across 300 mm);
/// - origin: within 1/100 of the image's smallest spacing (0.007 mm for 0.7 mm pixels, a
///   hundred times what float32 loses on a position 1 m from the scanner's centre).
public enum LabelMapGrid {
    public static let spacingTolerance = 1e-4
    public static let directionTolerance = 1e-4
    public static let originTolerance = 0.01  // of the smallest spacing

    /// Nil when `map` fits `image`, else how it differs (the first of dimensions, spacing,
    /// orientation, origin that does).
    public static func difference(_ map: LabelMap, _ image: Volume) -> LabelMapGridMismatch.Difference? {
        difference(mapDimensions: map.dimensions, map.geometry,
                   imageDimensions: [image.width, image.height, image.depth], image.geometry)
    }

    /// Throws `LabelMapGridMismatch`, naming both files, when `map` does not fit `image`.
    /// `mapFile` and `imageName` are shown by their last path component.
    public static func check(_ map: LabelMap, fits image: Volume, mapFile: String, imageName: String) throws(LabelMapGridMismatch) {
        if let difference = difference(map, image) {
            throw LabelMapGridMismatch(mapFile: mapFile, imageName: imageName, difference: difference)
        }
    }

    public static func difference(mapDimensions: [Int], _ m: VolumeGeometry,
                           imageDimensions: [Int], _ g: VolumeGeometry) -> LabelMapGridMismatch.Difference? {
        if mapDimensions != imageDimensions {
            return .dimensions(map: mapDimensions, image: imageDimensions)
        }
        for axis in 0..<3 where !(abs(m.spacing[axis] - g.spacing[axis]) <= spacingTolerance * g.spacing[axis]) {
            return .spacing(map: m.spacing, image: g.spacing)
        }
        let mapCodes = axisCodes(m.direction), imageCodes = axisCodes(g.direction)
        if mapCodes != imageCodes { return .axes(map: mapCodes, image: imageCodes) }
        for c in 0..<3 {
            for r in 0..<3 where !(abs(m.direction[r, c] - g.direction[r, c]) <= directionTolerance) {
                let degrees = (0..<3).map { axis -> Double in
                    let cosine = dot(m.direction.columns[axis], g.direction.columns[axis])
                        / (length(m.direction.columns[axis]) * length(g.direction.columns[axis]))
                    return acos(min(1, max(-1, cosine))) * 180 / .pi
                }.max() ?? 0
                return .tilted(degrees: degrees)
            }
        }
        let distance = length(m.origin - g.origin)
        if !(distance <= originTolerance * g.spacing.min()) {
            return .origin(distanceMM: distance)
        }
        return nil
    }

    /// nibabel's axis codes of an LPS direction matrix: for each voxel axis, the RAS+ letter of
    /// the way it points most (`LAS` for a radiological axial NIfTI, `LPS` for a DICOM axial).
    public static func axisCodes(_ direction: Matrix3) -> String {
        let letters: [(positive: Character, negative: Character)] = [("R", "L"), ("A", "P"), ("S", "I")]
        return String((0..<3).map { c -> Character in
            let lps = direction.columns[c]
            let ras = SIMD3(-lps.x, -lps.y, lps.z)
            let axis = (0..<3).max { abs(ras[$0]) < abs(ras[$1]) } ?? c
            return ras[axis] >= 0 ? letters[axis].positive : letters[axis].negative
        })
    }
}

/// A label map that does not fit its image, said in one line:
/// "mask.nii.gz does not fit ct.nii.gz: spacing 1×1×3 mm, the image's 0.7×0.7×3 mm".
public struct LabelMapGridMismatch: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Difference: Equatable, Sendable, CustomStringConvertible {
        case dimensions(map: [Int], image: [Int])
        case spacing(map: SIMD3<Double>, image: SIMD3<Double>)
        /// The axes point different ways (axis codes, nibabel's RAS+ letters).
        case axes(map: String, image: String)
        /// The axes point the same ways but are turned against each other by this much.
        case tilted(degrees: Double)
        case origin(distanceMM: Double)

        public var description: String {
            switch self {
            case .dimensions(let map, let image):
                return "dimensions \(map.map(String.init).joined(separator: "×")), the image's \(image.map(String.init).joined(separator: "×"))"
            case .spacing(let map, let image):
                return "spacing \(Self.millimetres(map)) mm, the image's \(Self.millimetres(image)) mm"
            case .axes(let map, let image):
                return "orientation differs (\(map)+ against \(image)+)"
            case .tilted(let degrees):
                return "orientation differs by \(String(format: degrees < 0.1 ? "%.2g" : "%.1f", degrees))°"
            case .origin(let distance):
                return "origin \(String(format: distance < 0.1 ? "%.2g" : "%.1f", distance)) mm away"
            }
        }

        private static func millimetres(_ v: SIMD3<Double>) -> String {
            (0..<3).map { String(format: "%.6g", v[$0]) }.joined(separator: "×")
        }
    }

    public var mapFile: String
    public var imageName: String
    public var difference: Difference

    public init(mapFile: String, imageName: String, difference: Difference) {
        self.mapFile = mapFile
        self.imageName = imageName
        self.difference = difference
    }

    public var description: String {
        "\(Self.lastComponent(mapFile)) does not fit \(Self.lastComponent(imageName)): \(difference)"
    }

    private static func lastComponent(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? path
    }
}
