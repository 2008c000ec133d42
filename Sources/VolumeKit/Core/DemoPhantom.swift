/// The built-in demo: a synthetic CT of a trunk, generated in code so `slicemark` with no
/// arguments shows something real. Air, fat, muscle, lungs, heart, aorta, spine with discs and
/// canal, ribs, liver and kidneys, in Hounsfield units with mild noise; stored as int16 with a
/// rescale intercept of −1024 like a scanner's; anisotropic spacing and an off-centre origin.
public enum DemoPhantom {
    public static let width = 256, height = 256, depth = 96
    public static let spacing = SIMD3<Double>(0.9, 0.9, 2.5)
    public static let origin = SIMD3<Double>(-112.3, -128.6, -92.5)

    public static func volume() -> Volume {
        let buffer = VoxelBuffer(zeroedByteCount: width * height * depth * 2)
        let voxels = buffer.mutableBytes.assumingMemoryBound(to: Int16.self)
        var row = [Double](repeating: 0, count: width)
        for k in 0..<depth {
            let z = origin.z + Double(k) * spacing.z
            let shapes = anatomy(atZ: z)
            for j in 0..<height {
                let y = origin.y + Double(j) * spacing.y
                for i in 0..<width { row[i] = -1000 }
                for shape in shapes { paint(shape, y: y, into: &row) }
                let base = (k * height + j) * width
                for i in 0..<width {
                    let hu = row[i] == -1000 ? -1000 : row[i] + noise(i, j, k)
                    voxels[base + i] = Int16(hu.rounded()) + 1024
                }
            }
        }
        let metadata = VolumeMetadata(
            format: .demo, sourceFiles: [], datatypeName: "int16", modality: "CT",
            seriesDescription: "slicemark demo phantom",
            fileWindows: [WindowLevel(center: 40, width: 400, name: "soft tissue")],
            identity: ImageIdentity(seriesInstanceUID: "2.25.310472893756239018476523908176523"),
            fields: [
                MetadataField(key: "Modality", name: "Modality", value: "CT"),
                MetadataField(key: "Description", name: "Description", value: "synthetic trunk phantom, generated in code"),
            ])
        return Volume(width: width, height: height, depth: depth, voxelType: .int16,
                      rescale: Rescale(slope: 1, intercept: -1024),
                      geometry: VolumeGeometry(origin: origin, spacing: spacing),
                      buffer: buffer, metadata: metadata)
    }

    struct Ellipse {
        var cx, cy, a, b, hu: Double
    }

    /// The structures cut by the axial plane at height `z` (mm, LPS: +z is superior),
    /// painted in order, later ones over earlier ones.
    static func anatomy(atZ z: Double) -> [Ellipse] {
        var s: [Ellipse] = []
        let thorax = z > 0
        let bodyA = thorax ? 108.0 : 100.0, bodyB = thorax ? 82.0 : 88.0
        s.append(Ellipse(cx: 0, cy: 0, a: bodyA, b: bodyB, hu: -100))            // subcutaneous fat
        s.append(Ellipse(cx: 0, cy: 0, a: bodyA - 9, b: bodyB - 9, hu: 45))        // muscle wall
        if thorax {
            let grow = min(1, z / 40)
            s.append(Ellipse(cx: -50, cy: 2, a: 36 * grow + 4, b: 58 * grow + 4, hu: -850)) // right lung
            s.append(Ellipse(cx: 52, cy: 2, a: 34 * grow + 4, b: 56 * grow + 4, hu: -850))  // left lung
            if z < 80 {
                s.append(Ellipse(cx: 14, cy: -22, a: 38, b: 32, hu: 40))           // heart
                s.append(Ellipse(cx: 14, cy: -22, a: 16, b: 13, hu: 130))          // contrast in ventricle
            }
            for angle in stride(from: 0.35, through: 2.8, by: 0.35) {              // ribs
                for side in [-1.0, 1.0] {
                    s.append(Ellipse(cx: side * (bodyA - 14) * cos(angle - 1.57).magnitude,
                                     cy: (bodyB - 14) * sin(angle - 1.57), a: 4.5, b: 4.5, hu: 850))
                }
            }
        } else {
            s.append(Ellipse(cx: -40, cy: -8, a: 52, b: 50, hu: 60))              // liver
            s.append(Ellipse(cx: 30, cy: -30, a: 22, b: 16, hu: 20))               // bowel loop
            if z > -90 && z < -10 {
                s.append(Ellipse(cx: -52, cy: 38, a: 17, b: 26, hu: 150))         // right kidney
                s.append(Ellipse(cx: 54, cy: 36, a: 17, b: 26, hu: 150))          // left kidney
            }
        }
        s.append(Ellipse(cx: 8, cy: 22, a: 12, b: 12, hu: 180))                    // aorta
        let level = (z + 200).truncatingRemainder(dividingBy: 32)
        let disc = level < 6
        s.append(Ellipse(cx: 0, cy: 52, a: 19, b: 16, hu: disc ? 80 : 700))       // vertebral body
        if !disc { s.append(Ellipse(cx: 0, cy: 52, a: 15, b: 12, hu: 260)) }      // cancellous bone
        s.append(Ellipse(cx: 0, cy: 76, a: 13, b: 10, hu: disc ? 45 : 650))       // posterior arch
        s.append(Ellipse(cx: 0, cy: 74, a: 7, b: 7, hu: 12))                       // spinal canal
        return s
    }

    static func paint(_ e: Ellipse, y: Double, into row: inout [Double]) {
        let dy = (y - e.cy) / e.b
        guard dy * dy < 1 else { return }
        let half = e.a * (1 - dy * dy).squareRoot()
        let first = Int(((e.cx - half - origin.x) / spacing.x).rounded(.up))
        let last = Int(((e.cx + half - origin.x) / spacing.x).rounded(.down))
        let lo = max(first, 0), hi = min(last, row.count - 1)
        guard lo <= hi else { return }
        for i in lo...hi { row[i] = e.hu }
    }

    /// Deterministic noise of a few HU, the same on every run and machine.
    static func noise(_ i: Int, _ j: Int, _ k: Int) -> Double {
        var h = UInt32(truncatingIfNeeded: i &* 73_856_093 ^ j &* 19_349_663 ^ k &* 83_492_791)
        h ^= h >> 13
        h = h &* 0x5bd1_e995
        h ^= h >> 15
        return Double(h % 17) - 8
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
