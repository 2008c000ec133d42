#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a volume: either memory owned by the buffer or a read-only memory-mapped file.
///
/// A buffer is filled once by a reader (through `mutableBytes`, before it is shared) and is
/// immutable afterwards, which is what makes the unchecked `Sendable` conformance sound.
public final class VoxelBuffer: @unchecked Sendable {
    public let byteCount: Int
    public let bytes: UnsafeRawPointer
    private let storage: Storage

    private enum Storage {
        case owned(UnsafeMutableRawPointer)
        case mapped(base: UnsafeMutableRawPointer, length: Int)
    }

    /// Zero-filled owned memory. Readers write into `mutableBytes` before handing the buffer on.
    public init(zeroedByteCount byteCount: Int) {
        let size = max(byteCount, 1)
        let memory = calloc(size, 1)!
        self.byteCount = byteCount
        self.bytes = UnsafeRawPointer(memory)
        self.storage = .owned(memory)
    }

    /// Owned memory of `capacity` bytes, filled once by `fill`, of which the `byteCount` bytes
    /// from `offset` are the voxels. Lets a reader decompress a file whose header comes before
    /// its voxels straight into the buffer, with no copy. Nil when the memory cannot be had.
    public init?(capacity: Int, voxelsAt offset: Int, byteCount: Int,
                 fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(offset >= 0 && byteCount >= 0 && offset + byteCount <= capacity)
        guard let memory = malloc(max(capacity, 1)) else { return nil }
        do {
            try fill(UnsafeMutableRawBufferPointer(start: memory, count: capacity))
        } catch {
            free(memory)
            throw error
        }
        self.byteCount = byteCount
        self.bytes = UnsafeRawPointer(memory + offset)
        self.storage = .owned(memory)
    }

    /// Maps `length` bytes of `path` from `offset`, read-only; nothing is copied.
    /// Returns nil when the file cannot be mapped (the caller then reads it instead).
    public init?(mapping path: String, offset: Int, length: Int) {
        guard case .success(let fd) = POSIXFile.openForReading(path) else { return nil }
        defer { POSIXFile.closeFile(fd) }
        let total = offset + length
        guard length > 0, let base = mmap(nil, total, PROT_READ, MAP_PRIVATE, fd, 0),
              base != MAP_FAILED else { return nil }
        self.byteCount = length
        self.bytes = UnsafeRawPointer(base + offset)
        self.storage = .mapped(base: base, length: total)
    }

    /// Writable view of owned memory; only for the reader that fills the buffer.
    public var mutableBytes: UnsafeMutableRawPointer {
        switch storage {
        case .owned: return UnsafeMutableRawPointer(mutating: bytes)
        case .mapped: preconditionFailure("a memory-mapped voxel buffer is read-only")
        }
    }

    public var isMemoryMapped: Bool {
        if case .mapped = storage { return true }
        return false
    }

    deinit {
        switch storage {
        case .owned(let memory): free(memory)
        case .mapped(let base, let length): munmap(base, length)
        }
    }
}
