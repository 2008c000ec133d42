import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// One file as pydicom's `apply_modality_lut` and `apply_voi_lut` see it (`scripts/expected/luts.py`).
struct ExpectedLUTCase: Sendable, CustomTestStringConvertible {
    let path: String
    let note: String
    let min: Double, max: Double, mean: Double
    let modality: String?
    let voi: String?
    let voiKind: String?
    let window: [Double]?

    var testDescription: String { "\(path) (\(note))" }

    static func all() -> [ExpectedLUTCase] {
        guard let json = try? Fixtures.expected("luts") as? [String: Any],
              let entries = json["entries"] as? [[String: Any]] else { return [] }
        return entries.map { e in
            ExpectedLUTCase(path: e["path"] as! String, note: e["note"] as! String,
                            min: e["min"] as! Double, max: e["max"] as! Double, mean: e["mean"] as! Double,
                            modality: e["modality"] as? String, voi: e["voi"] as? String,
                            voiKind: e["voi_kind"] as? String, window: e["window"] as? [Double])
        }
    }

    static func array<T>(_ name: String, as: T.Type) throws -> [T] {
        let data = try Data(contentsOf: Fixtures.root.appendingPathComponent("expected/luts/\(name)"))
        return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    }
}

@Suite struct DICOMLookupTableTests {
    @Test func theExpectationsAreThere() {
        let cases = ExpectedLUTCase.all()
        #expect(cases.contains { $0.modality != nil }, "run scripts/fixtures.sh (scripts/expected/luts.py)")
        #expect(cases.contains { $0.voiKind == "table" })
        #expect(cases.contains { $0.voiKind == "SIGMOID" })
    }

    /// mlut_18.dcm stores −2048…2047; its Modality LUT maps them to 0…65535.
    @Test func theModalityLUTGivesPydicomsValuesVoxelForVoxel() throws {
        let cases = ExpectedLUTCase.all().filter { $0.modality != nil }
        try #require(!cases.isEmpty)
        for c in cases {
            let volume = try VolumeLoader.load(path: Fixtures.path(c.path))
            #expect(volume.voxelType == .uint16)
            #expect(volume.metadata.datatypeName == "uint16")
            #expect(volume.rescale.isIdentity)
            let expected = try ExpectedLUTCase.array(c.modality!, as: UInt16.self)
            try #require(expected.count == volume.sampleCount)
            let read = UnsafeBufferPointer(start: volume.buffer.bytes.assumingMemoryBound(to: UInt16.self), count: volume.sampleCount)
            let differing = zip(read, expected).filter { $0 != $1 }.count
            #expect(differing == 0, "\(differing) voxels differ from pydicom's apply_modality_lut")
            let stats = volume.statistics()
            #expect(stats.min == c.min && stats.max == c.max)
            #expect(abs(stats.mean - c.mean) < 1e-6 * c.mean)
        }
    }

    /// The file's first VOI stage (a VOI LUT Sequence table, or the window with its VOI LUT
    /// Function) gives pydicom's greys: within one level where pydicom's float output lands on a
    /// rounding edge, identical nearly everywhere.
    @Test(arguments: ExpectedLUTCase.all().filter { $0.voi != nil })
    func theFirstFileWindowGivesPydicomsGreys(_ c: ExpectedLUTCase) throws {
        let volume = try VolumeLoader.load(path: Fixtures.path(c.path))
        let window = try #require(WindowPresets.fileWindows(of: volume).first)
        switch c.voiKind {
        case "table": #expect(window.lut != nil)
        case let kind?:
            #expect(window.lut == nil)
            #expect(window.function.rawValue == kind)
            #expect(window.center == c.window?[0] && window.width == c.window?[1])
        case nil: Issue.record("no VOI kind")
        }
        let t = try ExpectedLUTCase.array(c.voi!, as: Double.self)
        try #require(t.count == volume.sampleCount)
        var off = 0, ties = 0, worst = 0
        for n in 0..<volume.sampleCount {
            let ours = Int(window.apply(volume.rescale.apply(volume.storedSample(at: n))))
            let scaled = t[n] * 255
            let theirs = Int(scaled.rounded())
            let d = abs(ours - theirs)
            worst = Swift.max(worst, d)
            guard d > 0 else { continue }
            // Exactly half way between two greys: which way it goes is floating-point noise.
            if abs(scaled - scaled.rounded(.down) - 0.5) < 1e-6 { ties += 1 } else { off += 1 }
        }
        #expect(worst <= 1)
        #expect(off == 0, "\(off) of \(volume.sampleCount) greys differ by one off a rounding tie (\(ties) ties)")
    }

    @Test func theLinearFunctionFollowsTheStandardsEdges() {
        // PS3.3 C.11.2.1.2.1: c = 2048, w = 4096 → 0 at or below 0, full above 4095.
        let w = WindowLevel(center: 2048, width: 4096)
        #expect(w.apply(0) == 0)
        #expect(w.apply(0.001) == 0)
        #expect(w.apply(4095) == 255)
        #expect(w.apply(2047.5) == 128)
        // Width 1: a threshold at c − 0.5.
        let step = WindowLevel(center: 10, width: 1)
        #expect(step.apply(9.5) == 0 && step.apply(9.51) == 255)
        // LINEAR_EXACT spans w, LINEAR w − 1 (from c − 0.5 − (w − 1)/2).
        let exact = WindowLevel(center: 50, width: 11, function: .linearExact)
        let linear = WindowLevel(center: 50, width: 11)
        #expect(exact.apply(54.5) == 232 && linear.apply(54.5) == 255)
        #expect(exact.apply(50) == 128 && linear.apply(50) == 140)
        let sigmoid = WindowLevel(center: 0, width: 100, function: .sigmoid)
        #expect(sigmoid.apply(0) == 128 && sigmoid.apply(-1e9) == 0 && sigmoid.apply(1e9) == 255)
        #expect(sigmoid.apply(25) == UInt8((255 / (1 + exp(-1.0))).rounded()))
    }

    @Test func aTableClampsBelowAndAboveItsRange() {
        let table = LookupTable(firstMapped: -2, bitsPerEntry: 8, entries: [10, 20, 30])
        #expect(table.map(-100) == 10 && table.map(-2) == 10 && table.map(-1) == 20)
        #expect(table.map(0) == 30 && table.map(1e9) == 30 && table.map(.nan) == 10)
        let window = WindowLevel(lut: table, name: "t")
        #expect(window.apply(0) == UInt8((30.0 / 255 * 255).rounded()))
    }
}
