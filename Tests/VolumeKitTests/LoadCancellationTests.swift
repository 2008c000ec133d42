import Testing
import TestSupport
@testable import VolumeKit

/// A read that the viewer has moved on from stops between files with `cancelled`.
@Suite struct LoadCancellationTests {
    @Test func aCancelledSeriesReadStopsWithCancelled() throws {
        let series = Fixtures.path("pydicom/dicomdirtests/98892001/CT5N")
        let source = try #require(try VolumeLoader.sources(at: series).first)
        let cancellation = LoadCancellation()
        cancellation.cancel()
        #expect(throws: VolumeKitError.self) { try VolumeLoader.load(source, cancellation: cancellation) }
        do {
            _ = try VolumeLoader.load(source, cancellation: cancellation)
        } catch let error as VolumeKitError {
            guard case .cancelled = error else { Issue.record("\(error)"); return }
            #expect(error.description.hasSuffix("reading was cancelled"))
        }
        // Not cancelled: the same read completes.
        #expect(try VolumeLoader.load(source, cancellation: LoadCancellation()).depth > 1)
    }
}
