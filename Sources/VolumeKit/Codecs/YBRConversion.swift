/// YBR_FULL to RGB for 8-bit interleaved samples, as DICOM PS3.3 C.7.6.3.1.2 defines it and
/// exactly as pydicom computes it (single precision, then round half up and clamp), so that
/// statistics of a colour JPEG agree with pydicom's. Codecs hand YBR_FULL frames over
/// unconverted (like pydicom's decoders); the reader calls this when it wants RGB.
public enum YBRConversion {
    public static func fullToRGB(_ frame: DecodedFrame) -> DecodedFrame {
        guard frame.photometric == "YBR_FULL" || frame.photometric == "YBR_FULL_422" else { return frame }
        var bytes = frame.bytes
        fullToRGB(&bytes)
        return DecodedFrame(bytes: bytes, photometric: "RGB")
    }

    /// Converts `bytes` (Y, Cb, Cr interleaved, 8 bits each) in place.
    public static func fullToRGB(_ bytes: inout [UInt8]) {
        let greenFromBlue: Float = -0.114 * 1.772 / 0.587
        let greenFromRed: Float = -0.299 * 1.402 / 0.587
        bytes.withUnsafeMutableBufferPointer { samples in
            var i = 0
            while i + 2 < samples.count {
                let y = Float(samples[i]), cb = Float(samples[i + 1]) - 128, cr = Float(samples[i + 2]) - 128
                samples[i] = clamp(y + cr * 1.402)
                samples[i + 1] = clamp(y + cb * greenFromBlue + cr * greenFromRed)
                samples[i + 2] = clamp(y + cb * 1.772)
                i += 3
            }
        }
    }

    @inline(__always)
    private static func clamp(_ value: Float) -> UInt8 {
        UInt8(min(max((value + 0.5).rounded(.down), 0), 255))
    }
}
