import Foundation
import Testing
import TestSupport
@testable import VolumeKit

/// One file or series as pydicom read it (`scripts/expected/dicom.py`).
struct ExpectedDICOM: Sendable, CustomTestStringConvertible {
    let path: String
    let kind: String
    let note: String
    let transferSyntax: String
    let compressed: Bool
    let dimensions: [Int]
    let spacing: [Double]
    let datatype: String
    let photometric: String
    let components: Int
    let min: Double, max: Double, mean: Double
    let voxels: [(index: [Int], value: [Double])]
    let positions: [(index: [Int], lps: [Double])]
    let direction: [[Double]]
    let seriesInstanceUID: String?
    let hasGap: Bool

    var testDescription: String { "\(path) (\(note))" }

    var absolutePath: String {
        path.hasPrefix("generated/") ? Fixtures.path(path) : Fixtures.path("pydicom/\(path)")
    }

    /// Lossy transfer syntaxes may decode a little differently with another build of the codec
    /// library: values within 3 grey levels, the mean within 1. Everything else is exact up to
    /// float32 rounding of rescaled values.
    var isLossy: Bool {
        ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.203"]
            .contains(transferSyntax)
    }

    func tolerance(_ expected: Double) -> Double { isLossy ? 3 : 1e-5 * Swift.max(1, abs(expected)) }

    init(_ o: [String: Any]) {
        func doubles(_ v: Any?) -> [Double] { (v as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }
        func ints(_ v: Any?) -> [Int] { (v as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue } }
        path = o["path"] as? String ?? ""
        kind = o["kind"] as? String ?? "file"
        note = o["note"] as? String ?? ""
        transferSyntax = o["transferSyntax"] as? String ?? ""
        compressed = o["compressed"] as? Bool ?? false
        dimensions = ints(o["dimensions"])
        spacing = doubles(o["spacing"])
        datatype = o["datatype"] as? String ?? ""
        photometric = o["photometric"] as? String ?? ""
        components = (o["components"] as? NSNumber)?.intValue ?? 1
        min = (o["min"] as? NSNumber)?.doubleValue ?? .nan
        max = (o["max"] as? NSNumber)?.doubleValue ?? .nan
        mean = (o["mean"] as? NSNumber)?.doubleValue ?? .nan
        voxels = (o["voxels"] as? [[String: Any]] ?? []).map { (ints($0["index"]), doubles($0["value"])) }
        positions = (o["positions"] as? [[String: Any]] ?? []).map { (ints($0["index"]), doubles($0["lps"])) }
        direction = (o["direction"] as? [Any] ?? []).map { doubles($0) }
        seriesInstanceUID = o["seriesInstanceUID"] as? String
        hasGap = o["hasGap"] as? Bool ?? false
    }

    static let all: [ExpectedDICOM] = {
        guard let root = try? Fixtures.expected("dicom") as? [String: Any],
              let files = root["files"] as? [[String: Any]] else { return [] }
        return files.map(ExpectedDICOM.init)
    }()

    static let scans: [(path: String, volumes: Int)] = {
        guard let root = try? Fixtures.expected("dicom") as? [String: Any],
              let scans = root["scans"] as? [[String: Any]] else { return [] }
        return scans.map { ($0["path"] as? String ?? "", ($0["volumes"] as? NSNumber)?.intValue ?? -1) }
    }()

    /// Reads it the way the viewer and `info` do.
    func load() throws -> Volume {
        if kind == "series" {
            let sources = try VolumeLoader.sources(at: absolutePath)
            let series = sources.first { source in
                if case .dicomSeries(let s) = source { return s.seriesInstanceUID == seriesInstanceUID }
                return false
            }
            return try VolumeLoader.load(try #require(series))
        }
        return try VolumeLoader.load(path: absolutePath)
    }
}

@Suite struct DICOMFixtureTests {
    @Test func coversEnoughRealFiles() {
        // The brief: at least 25 real files across every transfer syntax, depth and photometric.
        #expect(ExpectedDICOM.all.count >= 25, "run scripts/fixtures.sh to write .fixtures/expected/dicom.json")
        let uncompressed = ExpectedDICOM.all.filter { !$0.compressed }
        #expect(uncompressed.count >= 25)
        #expect(Set(uncompressed.map(\.transferSyntax)).isSuperset(of: [
            "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99"]))
        #expect(Set(uncompressed.map(\.photometric)).isSuperset(of: [
            "MONOCHROME1", "MONOCHROME2", "RGB", "PALETTE COLOR", "YBR_FULL_422"]))
    }

    @Test(arguments: ExpectedDICOM.all)
    func agreesWithPydicom(_ e: ExpectedDICOM) throws {
        // Compressed files are checked as soon as the codec registry decodes their syntax.
        if e.compressed && FrameDecoders.decoder(for: e.transferSyntax) == nil { return }
        let volume = try e.load()
        #expect(volume.dimensions == e.dimensions)
        #expect(volume.metadata.datatypeName == e.datatype)
        #expect(volume.components == e.components)
        #expect(volume.metadata.photometric == e.photometric)
        #expect(volume.metadata.format == .dicom)
        for axis in 0..<3 {
            #expect(abs(volume.geometry.spacing[axis] - e.spacing[axis]) < 1e-4, "spacing \(axis)")
            for row in 0..<3 {
                #expect(abs(volume.geometry.direction[row, axis] - e.direction[row][axis]) < 1e-5, "direction \(row),\(axis)")
            }
        }
        let stats = volume.statistics()
        #expect(abs(stats.min - e.min) <= e.tolerance(e.min), "min \(stats.min), pydicom \(e.min)")
        #expect(abs(stats.max - e.max) <= e.tolerance(e.max), "max \(stats.max), pydicom \(e.max)")
        #expect(abs(stats.mean - e.mean) <= (e.isLossy ? 1 : 1e-6 * Swift.max(1, abs(e.mean))), "mean \(stats.mean), pydicom \(e.mean)")
        for voxel in e.voxels {
            let (i, j, k) = (voxel.index[0], voxel.index[1], voxel.index[2])
            let t = voxel.index.count > 3 ? voxel.index[3] : 0
            for (c, expected) in voxel.value.enumerated() {
                let value = volume.value(i, j, k, t: t, component: c)
                #expect(abs(value - expected) <= e.tolerance(expected), "voxel \(voxel.index) component \(c): \(value), pydicom \(expected)")
            }
        }
        // Across a gap no regular grid holds every slice where it is: the reader says so in a
        // warning, and only the first slice is where its file says.
        for position in e.positions where !e.hasGap || position.index[2] == 0 {
            let p = volume.patientPosition(position.index[0], position.index[1], position.index[2])
            #expect(length(p - SIMD3(position.lps[0], position.lps[1], position.lps[2])) < 1e-3,
                    "LPS of voxel \(position.index): \(p), DICOM says \(position.lps)")
        }
        if e.hasGap { #expect(volume.metadata.warnings.contains { $0.contains("gap") }) }
    }

    @Test func infoCommandReadsASeriesFolderWithItsWarnings() throws {
        let e = try #require(ExpectedDICOM.all.first { $0.path == "dicomdirtests/77654033/CT2" })
        let result = try runProcess(Fixtures.executable, ["info", "--json", e.absolutePath])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["dimensions"] as? [Int]) == e.dimensions)
        #expect((json["files"] as? [String])?.count == 4)
        let warnings = try #require(json["warnings"] as? [String])
        #expect(warnings.contains { $0.contains("gap") })
    }

    @Test func infoCommandPrintsTheSameAsTheLibrary() throws {
        let e = try #require(ExpectedDICOM.all.first { $0.path == "CT_small.dcm" })
        let result = try runProcess(Fixtures.executable, ["info", "--json", e.absolutePath])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "dicom")
        #expect((json["dimensions"] as? [Int]) == e.dimensions)
        #expect(json["datatype"] as? String == e.datatype)
        #expect(json["transferSyntax"] as? String == e.transferSyntax)
        #expect(json["photometric"] as? String == e.photometric)
        let stats = try #require(json["statistics"] as? [String: Double])
        #expect(stats["min"] == e.min && stats["max"] == e.max)
        #expect(abs((stats["mean"] ?? .nan) - e.mean) < 1e-6)
    }
}
