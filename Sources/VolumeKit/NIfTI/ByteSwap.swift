/// Reverses the byte order of every sample in place (big-endian files on a little-endian machine).
enum ByteSwap {
    static func swap(_ memory: UnsafeMutableRawPointer, sampleCount: Int, sampleSize: Int) {
        switch sampleSize {
        case 2: swap(memory, sampleCount, UInt16.self)
        case 4: swap(memory, sampleCount, UInt32.self)
        case 8: swap(memory, sampleCount, UInt64.self)
        default: break
        }
    }

    private static func swap<T: FixedWidthInteger>(_ memory: UnsafeMutableRawPointer, _ count: Int, _: T.Type) {
        if Int(bitPattern: memory) % MemoryLayout<T>.alignment == 0 {
            let typed = memory.bindMemory(to: T.self, capacity: count)
            for n in 0..<count { typed[n] = typed[n].byteSwapped }
        } else {
            let size = MemoryLayout<T>.size
            for n in 0..<count {
                let v = memory.loadUnaligned(fromByteOffset: n * size, as: T.self)
                memory.storeBytes(of: v.byteSwapped, toByteOffset: n * size, as: T.self)
            }
        }
    }

    /// True when the file's byte order is not this machine's.
    static func differsFromHost(fileIsBigEndian: Bool) -> Bool {
        fileIsBigEndian != (1.bigEndian == 1)
    }
}
