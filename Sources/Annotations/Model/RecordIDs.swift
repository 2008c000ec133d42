import Crypto
import Foundation

/// Where new record ids come from: a seeded, deterministic source, so that a session replayed
/// from the same seed and the same inputs makes the same ids (and byte-identical sidecars).
///
/// Each id is a version-4-shaped UUID made from SplitMix64 of the seed and a counter. Seed it
/// at random for real use (`RecordIDs(seed: .random(in: 0 ... .max))`); two sessions with
/// different seeds practically never collide (122 random-looking bits per id).
public struct RecordIDs: Sendable, Equatable {
    public let seed: UInt64
    public private(set) var counter: UInt64 = 0

    public init(seed: UInt64) {
        self.seed = seed
    }

    public mutating func next() -> UUID {
        counter += 1
        let high = Self.mix(seed &+ counter &* 0x9E37_79B9_7F4A_7C15)
        let low = Self.mix(high ^ seed ^ counter)
        var bytes = [UInt8](repeating: 0, count: 16)
        for n in 0..<8 {
            bytes[n] = UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64(n)))
            bytes[8 + n] = UInt8(truncatingIfNeeded: low >> (56 - 8 * UInt64(n)))
        }
        return Self.uuid(bytes)
    }

    /// An id computed from another id (the same inputs always give the same id).
    static func derived(from id: UUID, purpose: String) -> UUID {
        let digest = Array(SHA256.hash(data: Array((purpose + ":" + id.uuidString).utf8)))
        return uuid(Array(digest.prefix(16)))
    }

    private static func uuid(_ b: [UInt8]) -> UUID {
        var b = b
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        return UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
    }

    /// SplitMix64's finaliser.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
