import Crypto
import Foundation

/// One part of a dataset split across machines that never talk (`--shard I/N`, I counted from 1
/// like every number a person types here): a file belongs to shard I when the SHA-256 of its key
/// (its path relative to the folder named on the command line) taken as a number is I − 1 modulo N.
/// The split depends on nothing but the key, so every machine agrees on it, and the shards of a
/// folder are disjoint and together hold every file.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1...count.
    public let index: Int
    public let count: Int

    public static let whole = Shard(uncheckedIndex: 1, count: 1)

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    public init(index: Int, count: Int) throws(DatasetInputError) {
        guard count >= 1, (1...count).contains(index) else { throw .badShard("\(index)/\(count)") }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Reads `I/N`.
    public init(parsing text: String) throws(DatasetInputError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { throw .badShard(text) }
        do { try self.init(index: index, count: count) } catch { throw .badShard(text) }
    }

    public var description: String { "\(index)/\(count)" }

    public func contains(key: String) -> Bool {
        count == 1 || Self.bucket(of: key, count: count) == index - 1
    }

    static func bucket(of key: String, count: Int) -> Int {
        let digest = SHA256.hash(data: Data(key.utf8))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        return Int(value % UInt64(count))
    }
}
