import Foundation

/// How a DICOM image is meant to be looked at, beyond its voxels: a projection radiograph (CR,
/// DX: no patient-space plane, only the directions of its rows and columns, Patient Orientation
/// (0020,0020)), or a run of frames in time (an ultrasound or angiography cine: several frames
/// and no Image Orientation (Patient)), with the frame rate the file gives.
public struct ImagePresentation: Sendable, Equatable {
    /// The patient directions the rows run towards (left to right) and the columns (top to
    /// bottom), as PS3.3 C.7.6.1.1.1 writes them (`L`, `F`, `AR`, …), for an image with no
    /// orientation in patient space.
    public var projection: (rows: String, columns: String)?
    /// The frames are moments, not slices.
    public var isCine: Bool
    /// False for a DICOM image with no Image Orientation (Patient): its edges face no known
    /// patient direction (unless `projection` names them), and it has no other planes.
    public var isOriented: Bool = true
    /// Milliseconds from each frame to the next, when the file says (the mean, with a vector).
    public var frameTime: Double?
    /// Frame Time Vector (0018,1065): milliseconds from the frame before to each frame (the
    /// first 0), when the file gives one for every frame; frames then keep their own times.
    public var frameTimeVector: [Double]?

    public static let volume = ImagePresentation(projection: nil, isCine: false, frameTime: nil)

    public init(projection: (rows: String, columns: String)?, isCine: Bool, frameTime: Double?) {
        self.projection = projection
        self.isCine = isCine
        self.frameTime = frameTime
    }

    public static func == (a: ImagePresentation, b: ImagePresentation) -> Bool {
        a.projection?.rows == b.projection?.rows && a.projection?.columns == b.projection?.columns
            && a.isCine == b.isCine && a.frameTime == b.frameTime && a.isOriented == b.isOriented
            && a.frameTimeVector == b.frameTimeVector
    }

    /// Read from the header fields the DICOM reader keeps (`VolumeMetadata.fields`).
    public init(metadata: VolumeMetadata, depth: Int) {
        guard metadata.format == .dicom else { self = .volume; return }
        func values(_ key: String, anyDepth: Bool = false) -> [String]? {
            guard let field = metadata.fields.first(where: { $0.key == key && (anyDepth || $0.depth == 0) }),
                  !field.value.isEmpty else { return nil }
            return field.value.split(separator: "\\").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let oriented = values("(0020,0037)", anyDepth: true) != nil
        isOriented = oriented
        let directions = values("(0020,0020)") ?? []
        projection = !oriented && directions.count == 2 && directions.allSatisfy(Self.isDirection)
            ? (directions[0].uppercased(), directions[1].uppercased()) : nil
        let frames = values("(0028,0008)").flatMap { $0.first.flatMap { Int($0) } } ?? 1
        // A video is frames in time whatever else it says; so is a multi-frame image whose
        // Frame Increment Pointer (0028,0009) names Frame Time or Frame Time Vector (the Cine
        // module) and whose frames have no positions of their own, orientation or not.
        let video = metadata.transferSyntaxUID.flatMap(VideoCodec.init(transferSyntaxUID:)) != nil
        let timed = (values("(0028,0009)") ?? []).contains { ["(0018,1063)", "(0018,1065)"].contains($0.uppercased()) }
        let perFramePositions = metadata.fields.contains { $0.key == "(5200,9230)" }
        isCine = (!oriented || video || timed && !perFramePositions) && frames > 1 && depth == frames
        func number(_ key: String) -> Double? { values(key)?.first.flatMap(Double.init).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } }
        if let time = number("(0018,1063)") {
            frameTime = time
        } else if let vector = values("(0018,1065)")?.compactMap(Double.init), vector.count > 1 {
            // The first entry is 0 (PS3.3 C.7.6.5.1.2): the mean of the others is the interval.
            let intervals = vector.dropFirst().filter { $0 > 0 }
            frameTime = intervals.isEmpty ? nil : intervals.reduce(0, +) / Double(intervals.count)
            if vector.count == frames, vector.allSatisfy({ $0 >= 0 && $0.isFinite }) { frameTimeVector = vector }
        } else if let rate = number("(0018,0040)") ?? number("(0008,2144)") {
            frameTime = 1000 / rate
        } else {
            frameTime = nil
        }
    }

    /// Frame interval when the file gives none: 25 frames a second.
    public static let defaultFrameTime = 40.0

    /// Seconds from the first frame to frame `n` (0-based).
    public func seconds(atFrame n: Int) -> Double {
        if let vector = frameTimeVector, n < vector.count {
            return n <= 0 ? 0 : vector[1...n].reduce(0, +) / 1000
        }
        return Double(n) * (frameTime ?? Self.defaultFrameTime) / 1000
    }

    /// The frame shown at `seconds` from the first, of `count` (clamped into range).
    public func frame(atSeconds seconds: Double, count: Int) -> Int {
        guard count > 0 else { return 0 }
        if let vector = frameTimeVector, vector.count == count {
            var elapsed = 0.0
            for n in 1..<count {
                elapsed += vector[n] / 1000
                if elapsed > seconds + 1e-9 { return n - 1 }
            }
            return count - 1
        }
        let n = Int((seconds * 1000 / (frameTime ?? Self.defaultFrameTime) + 1e-9).rounded(.down))
        return min(max(n, 0), count - 1)
    }

    static func isDirection(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 3 && text.uppercased().allSatisfy { "LRAPHF".contains($0) }
    }

    /// The direction opposite `direction` (`L` ↔ `R`, `A` ↔ `P`, `H` ↔ `F`, letter by letter).
    public static func opposite(_ direction: String) -> String {
        String(direction.uppercased().map { ["L": "R", "R": "L", "A": "P", "P": "A", "H": "F", "F": "H"][$0] ?? $0 })
    }
}
