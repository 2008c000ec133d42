import Crypto
import Foundation

/// Every replacement value, derived from the map's secret and the original value alone (so
/// shards on machines that never talk agree): HMAC-SHA-256 under the secret of a labelled input.
public struct DeidKeys: Sendable {
    let secret: [UInt8]

    public init(secret: [UInt8]) { self.secret = secret }

    func mac(_ label: String, _ value: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data((label + "\u{0}" + value).utf8), using: SymmetricKey(data: secret)))
    }

    /// `2.25.<decimal>`: the first 128 bits of the MAC as an unsigned integer (PS3.5 B.2), at
    /// most 44 characters.
    public func uid(for original: String) -> String {
        let digest = mac("uid", original)
        var value: UInt128 = 0
        for byte in digest.prefix(16) { value = value << 8 | UInt128(byte) }
        return "2.25.\(value)"
    }

    /// The pseudonym of a patient (PatientID and PatientName), from the original Patient ID.
    public func pseudonym(forPatient original: String) -> String {
        let digest = mac("patient", original)
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)
        var out = Array("SM".utf8)
        var bits: UInt64 = 0
        for byte in digest.prefix(8) { bits = bits << 8 | UInt64(byte) }
        for _ in 0..<10 {
            out.append(alphabet[Int(bits & 31)])
            bits >>= 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Days every date of one patient moves by under `--shift-dates`: between 366 and 3652
    /// days into the past (whole days, so intervals and times of day stay as they were).
    public func dateOffset(forPatient original: String) -> Int {
        let digest = mac("date-offset", original)
        var bits: UInt64 = 0
        for byte in digest.prefix(8) { bits = bits << 8 | UInt64(byte) }
        return -(366 + Int(bits % 3287))
    }

    /// A neutral file name for `--rename`.
    public func fileName(for key: String) -> String {
        mac("file", key).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    public static func randomSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
