import FuzzSupport
@testable import VolumeKit

/// The DICOM parser on the bytes in memory, then the whole reader (header, pixel data,
/// decoders, geometry) on them as a file. Display maths (statistics, slices) is left out: it
/// parses nothing, and under the sanitizer it is what makes a large frame slow.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDICOM(_ input: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let start = input else { return 0 }
    let data = UnsafeRawBufferPointer(start: start, count: count)
    guard (try? DICOMHeader.parse(bytes: Array(data), path: "fuzz.dcm")) != nil else { return 0 }
    let path = FuzzSupport.write(data, to: FuzzSupport.scratchPath("input.dcm"))
    _ = try? VolumeLoader.load(path: path)
    return 0
}

// libFuzzer's archive brings a `main` that refers to `LLVMFuzzerTestOneInput`, so the target has
// that name too; SwiftPM makes this top-level code the program's entry point.
FuzzSupport.runFuzzer(fuzzDICOM)
