import Testing
@testable import VolumeKit

/// The DICOM reader decodes frames on every core at once: decoders must share no state.
@Suite struct CodecConcurrencyTests {
    @Test func framesDecodedInParallelMatchFramesDecodedOneByOne() async throws {
        let fixtures = CodecFixture.all.filter { $0.description.rows * $0.description.columns <= 128 * 128 }
        #expect(fixtures.count >= 30)
        let sequential = try fixtures.map { try $0.decode().bytes }
        let parallel = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for round in 0..<3 {
                for (index, fixture) in fixtures.enumerated() {
                    group.addTask { (index + round * fixtures.count, try fixture.decode().bytes) }
                }
            }
            var results: [Int: [UInt8]] = [:]
            for try await (key, bytes) in group { results[key] = bytes }
            return results
        }
        for (key, bytes) in parallel {
            let same = bytes == sequential[key % fixtures.count]
            #expect(same, "\(fixtures[key % fixtures.count].name) decoded differently in parallel")
        }
    }
}
