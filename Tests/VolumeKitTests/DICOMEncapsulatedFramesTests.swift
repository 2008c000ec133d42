import Testing
@testable import VolumeKit

/// Encapsulated pixel data layouts (PS3.5 A.4) split into frames.
@Suite struct DICOMEncapsulatedFramesTests {
    /// Items: the Basic Offset Table, then fragments, then the sequence delimiter.
    func encapsulated(table: [UInt32], fragments: [[UInt8]]) -> [UInt8] {
        var d = DICOMTestBytes()
        var offsets = DICOMTestBytes()
        for v in table { offsets.u32(v) }
        d.item(offsets.bytes, undefinedLength: false)
        for f in fragments { d.item(f, undefinedLength: false) }
        d.sequenceDelimiter()
        return d.bytes
    }

    func frames(_ bytes: [UInt8], frames: Int, extended: [UInt64] = []) throws -> [[UInt8]] {
        try DICOMEncapsulatedFrames.split(bytes, start: 0, frames: frames, extendedOffsets: extended).map { parts in
            parts.flatMap { bytes[$0] }
        }
    }

    let jpegA: [UInt8] = [0xFF, 0xD8, 1, 2, 0xFF, 0xD9]
    let jpegB: [UInt8] = [0xFF, 0xD8, 3, 4, 5, 6, 0xFF, 0xD9]

    @Test func oneFragmentPerFrameWithoutTable() throws {
        #expect(try frames(encapsulated(table: [], fragments: [jpegA, jpegB]), frames: 2) == [jpegA, jpegB])
    }

    @Test func basicOffsetTableGroupsFragments() throws {
        // Frame 1 in two fragments (8 + 6 bytes of items… offsets count item headers), frame 2 in one.
        let bytes = encapsulated(table: [0, 8 + 2 + 8 + 4], fragments: [Array(jpegA[0..<2]), Array(jpegA[2...]), jpegB])
        #expect(try frames(bytes, frames: 2) == [jpegA, jpegB])
    }

    @Test func singleFrameOverSeveralFragments() throws {
        let bytes = encapsulated(table: [], fragments: [Array(jpegB[0..<4]), Array(jpegB[4...])])
        #expect(try frames(bytes, frames: 1) == [jpegB])
    }

    @Test func framesFoundByTheirStartMarkersWithoutTable() throws {
        let bytes = encapsulated(table: [], fragments: [Array(jpegA[0..<2]), Array(jpegA[2...]), Array(jpegB[0..<4]), Array(jpegB[4...])])
        #expect(try frames(bytes, frames: 2) == [jpegA, jpegB])
    }

    @Test func severalFramesInOneFragmentSplitAtEndOfImage() throws {
        let bytes = encapsulated(table: [], fragments: [jpegA + jpegB])
        #expect(try frames(bytes, frames: 2) == [jpegA, jpegB])
    }

    @Test func extendedOffsetTable() throws {
        let bytes = encapsulated(table: [], fragments: [jpegA, jpegB])
        #expect(try frames(bytes, frames: 2, extended: [0, UInt64(8 + jpegA.count)]) == [jpegA, jpegB])
    }

    @Test func unmatchableLayoutIsAnError() {
        let bytes = encapsulated(table: [], fragments: [[1, 2, 3, 4], [5, 6]])
        #expect(throws: DICOMParseFailure.self) { try frames(bytes, frames: 3) }
    }

    @Test func fragmentPastTheEndIsTruncated() {
        var d = DICOMTestBytes()
        d.item([], undefinedLength: false)
        d.tag(0xFFFE, 0xE000); d.u32(1000); d.bytes += [1, 2, 3]
        #expect(throws: DICOMParseFailure.self) { try frames(d.bytes, frames: 1) }
    }
}
