import Foundation

/// What is wrong with the files a dataset command was asked to work on.
public enum DatasetInputError: Error, Equatable, Sendable, CustomStringConvertible {
    case badShard(String)
    case unreadableList(path: String, reason: String)
    case missingPath(String)

    public var description: String {
        switch self {
        case .badShard(let text):
            return "--shard \(text): expected I/N with 1 ≤ I ≤ N (for example 2/8)"
        case .unreadableList(let path, let reason):
            return "\(path): cannot read the list of files: \(reason)"
        case .missingPath(let path):
            return "\(path): no such file or folder"
        }
    }
}
