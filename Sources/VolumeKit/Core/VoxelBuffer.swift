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
        /// Anonymous memory reserved, not committed: a page costs memory once written, and
        /// again nothing once released (a video's frames, filled and dropped as they are shown).
        case reserved(base: UnsafeMutableRawPointer, length: Int)
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

    /// Address space for `byteCount` bytes that read as zero and take memory only where
    /// written (`MAP_NORESERVE`), for volumes whose frames are decoded when shown
    /// (`FrameSource`). Nil when the address space cannot be had.
    public init?(reservingByteCount byteCount: Int) {
        let length = max(byteCount, 1)
        guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              base != MAP_FAILED else { return nil }
        self.byteCount = byteCount
        self.bytes = UnsafeRawPointer(base)
        self.storage = .reserved(base: base, length: length)
    }

    /// Gives the whole pages inside `range` (bytes from the start) back to the system: they read
    /// as zero again. Only for reserved buffers, and only for bytes nobody is reading.
    public func release(_ range: Range<Int>) {
        guard case .reserved(let base, _) = storage else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (range.lowerBound + page - 1) / page * page
        let end = range.upperBound / page * page
        guard end > first else { return }
        madvise(base + first, end - first, MADV_DONTNEED)
    }

    /// Writable view of owned memory; only for the reader that fills the buffer.
    public var mutableBytes: UnsafeMutableRawPointer {
        switch storage {
        case .owned, .reserved: return UnsafeMutableRawPointer(mutating: bytes)
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
        case .mapped(let base, let length), .reserved(let base, let length): munmap(base, length)
        }
    }
}
