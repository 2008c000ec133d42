import Foundation
import TestSupport
@testable import VolumeKit

/// One frame listed in `.fixtures/expected/codecs.json` (written by scripts/expected/codecs.py
/// from what pydicom decodes).
struct CodecFixture: Sendable, CustomTestStringConvertible {
    var name: String
    var frame: Int
    var description: FrameDescription
    var encodedPath: String
    var expectedPath: String?
    var turboPath: String?
    var outputPhotometric: String?
    var lossless: Bool
    var plugin: String
    var minimum: Int64?
    var maximum: Int64?

    var testDescription: String { "\(name) frame \(frame)" }

    static let all: [CodecFixture] = load(key: "frames")
    static let undecodable: [CodecFixture] = load(key: "undecodable")

    private static func load(key: String) -> [CodecFixture] {
        guard let json = try? Fixtures.expected("codecs") as? [String: Any],
              let list = json[key] as? [[String: Any]] else { return [] }
        return list.map { entry in
            CodecFixture(
                name: entry["name"] as! String, frame: entry["frame"] as! Int,
                description: FrameDescription(
                    rows: entry["rows"] as! Int, columns: entry["columns"] as! Int,
                    samplesPerPixel: entry["samplesPerPixel"] as! Int, bitsAllocated: entry["bitsAllocated"] as! Int,
                    bitsStored: entry["bitsStored"] as! Int, pixelRepresentation: entry["pixelRepresentation"] as! Int,
                    planarConfiguration: entry["planarConfiguration"] as! Int, photometric: entry["photometric"] as! String,
                    transferSyntaxUID: entry["transferSyntax"] as! String),
                encodedPath: Fixtures.path(entry["encoded"] as! String),
                expectedPath: (entry["expected"] as? String).map(Fixtures.path),
                turboPath: (entry["turbo"] as? String).map(Fixtures.path),
                outputPhotometric: entry["outputPhotometric"] as? String,
                lossless: entry["lossless"] as! Bool, plugin: entry["plugin"] as! String,
                minimum: (entry["min"] as? NSNumber)?.int64Value, maximum: (entry["max"] as? NSNumber)?.int64Value)
        }
    }

    func encoded() throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: encodedPath))) }

    func decode() throws -> DecodedFrame {
        let bytes = try encoded()
        let decoder = try #require(FrameDecoders.decoder(for: description.transferSyntaxUID))
        return try bytes.withUnsafeBytes { try decoder.decode($0, description) }
    }

    /// The samples of a native little-endian frame as integers, signed per Pixel Representation.
    func samples(_ bytes: [UInt8]) -> [Int64] {
        let width = description.bitsAllocated / 8
        let signed = description.pixelRepresentation == 1
        return stride(from: 0, to: bytes.count, by: width).map { offset in
            var raw: UInt64 = 0
            for k in 0..<width { raw |= UInt64(bytes[offset + k]) << (8 * k) }
            guard signed else { return Int64(raw) }
            let shift = UInt64(64 - 8 * width)
            return Int64(bitPattern: raw << shift) >> Int64(shift)
        }
    }

    static func largestDifference(_ a: [Int64], _ b: [Int64]) -> Int64 {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}

import Testing
