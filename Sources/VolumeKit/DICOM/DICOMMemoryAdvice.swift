#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large, not yet touched volume buffer with huge pages, so filling
/// 150 MB costs a few hundred page faults instead of tens of thousands.
enum DICOMMemoryAdvice {
    static func preferHugePages(_ base: UnsafeMutableRawPointer, byteCount: Int) {
        #if os(Linux)
        let page = 4096
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + byteCount) & ~(page - 1)
        guard byteCount >= 4 << 20, end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
        #endif
    }
}
