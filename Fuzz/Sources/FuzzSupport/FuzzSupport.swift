import Foundation
import VolumeKit

/// Helpers shared by the fuzz targets.
public enum FuzzSupport {
    /// A scratch file in memory (/dev/shm when there is one), one per process and name.
    public static func scratchPath(_ name: String) -> String {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(folder)/slicemark-fuzz-\(getpid())-\(name)"
    }

    /// Writes `bytes` to `path` (replacing it) and returns the path.
    @discardableResult
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) -> String {
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The frame description a codec target reads from the first 8 bytes of its input:
    /// rows (u16 LE, 1…512), columns (u16 LE, 1…512), samples per pixel (1 or 3), bits allocated
    /// (8, 16 or 32), bits stored (1…bits allocated), then flags: bit 0 signed, bit 1 planar,
    /// bits 2–3 the photometric interpretation.
    public static func frameDescription(_ header: UnsafeRawBufferPointer, transferSyntax: String) -> FrameDescription {
        func u16(_ i: Int) -> Int { Int(header[i]) | Int(header[i + 1]) << 8 }
        let allocated = [8, 16, 32, 16][Int(header[5]) & 3]
        let samples = header[4] & 1 == 0 ? 1 : 3
        let photometrics = samples == 1 ? ["MONOCHROME2", "MONOCHROME1", "PALETTE COLOR", "MONOCHROME2"]
                                        : ["RGB", "YBR_FULL", "YBR_FULL_422", "YBR_ICT"]
        let flags = Int(header[7])
        return FrameDescription(rows: u16(0) % 512 + 1, columns: u16(2) % 512 + 1, samplesPerPixel: samples,
                                bitsAllocated: allocated, bitsStored: Int(header[6]) % allocated + 1,
                                pixelRepresentation: flags & 1, planarConfiguration: flags >> 1 & 1,
                                photometric: photometrics[flags >> 2 & 3], transferSyntaxUID: transferSyntax)
    }

    public static let frameHeaderSize = 8

    /// Runs a codec on `data`: the first 8 bytes describe the frame, the rest is the frame.
    public static func decodeFrame(_ data: UnsafeRawBufferPointer, transferSyntax: String,
                                   _ decode: (UnsafeRawBufferPointer, FrameDescription) throws -> DecodedFrame) {
        guard data.count >= frameHeaderSize else { return }
        let description = frameDescription(UnsafeRawBufferPointer(rebasing: data[0..<frameHeaderSize]),
                                           transferSyntax: transferSyntax)
        let frame = UnsafeRawBufferPointer(rebasing: data[frameHeaderSize...])
        if let decoded = try? decode(frame, description) {
            // A frame that decodes has exactly the size its description says.
            let expected = description.rows * description.columns * description.samplesPerPixel
                * (description.bitsAllocated / 8)
            precondition(decoded.bytes.count == expected,
                         "decoded \(decoded.bytes.count) bytes, the description says \(expected)")
        }
    }
}

/// libFuzzer's driver (`int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*)(const uint8_t *, size_t))`).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt) -> CInt

extension FuzzSupport {
    /// Hands the process to libFuzzer with `callback` as the target. Each target's `main.swift`
    /// calls this: SwiftPM links an executable's `main` to its top-level code, so libFuzzer's own
    /// `main` is not used.
    public static func runFuzzer(_ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
    }
}
