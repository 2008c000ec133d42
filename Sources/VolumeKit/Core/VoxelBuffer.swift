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

    /// Maps `length` bytes of `path` from `offset`, read-only; nothing is copied.
    /// Returns nil when the file cannot be mapped (the caller then reads it instead).
    public init?(mapping path: String, offset: Int, length: Int) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
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
        case .owned(let memory): return memory
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
