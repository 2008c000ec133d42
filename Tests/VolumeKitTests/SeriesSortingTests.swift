import Testing
@testable import VolumeKit

/// Slice ordering and the warnings a radiologist must see, on frame records built by hand.
@Suite struct SeriesSortingTests {
    func record(_ file: Int, z: Double?, order: Int = 0, temporal: Double? = nil, sop: String? = nil,
                frameOfReference: String = "1.2.3", rescale: Rescale = .identity,
                row: SIMD3<Double> = [1, 0, 0], column: SIMD3<Double> = [0, 1, 0]) -> DICOMFrameRecord {
        DICOMFrameRecord(file: file, frame: 0, position: z.map { SIMD3(-100, -50, $0) }, rowCosine: row,
                         columnCosine: column, pixelSpacing: SIMD2(0.5, 0.7), sliceThickness: 3, rescale: rescale,
                         order: order, temporal: temporal, sopInstanceUID: sop ?? "sop\(file)",
                         frameOfReferenceUID: frameOfReference)
    }

    @Test func ordersAlongTheNormalAndTakesSpacingFromPositions() {
        let records = [record(0, z: 10), record(1, z: 4), record(2, z: 7), record(3, z: 1)]
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.slots == [3, 1, 2, 0])
        #expect(grid.geometry.spacing == SIMD3(0.7, 0.5, 3))  // x = column spacing, y = row spacing
        #expect(grid.geometry.origin == SIMD3(-100, -50, 1))
        #expect(grid.warnings.isEmpty)
    }

    @Test func normalComesFromTheOrientation() {
        // Sagittal: rows along patient posterior (+y), columns along inferior (−z): normal is −x... (y × −z = −x).
        let row: SIMD3<Double> = [0, 1, 0], column: SIMD3<Double> = [0, 0, -1]
        let records = (0..<3).map { n in
            DICOMFrameRecord(file: n, frame: 0, position: SIMD3(Double(n) * -2, 0, 0), rowCosine: row, columnCosine: column,
                             pixelSpacing: SIMD2(1, 1), sliceThickness: 2, rescale: .identity, order: 3 - n,
                             temporal: nil, sopInstanceUID: "s\(n)", frameOfReferenceUID: "f")
        }
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.slots == [0, 1, 2])
        #expect(grid.geometry.direction.columns[2] == SIMD3(-1, 0, 0))
        #expect(grid.geometry.spacing.z == 2)
    }

    @Test func gapIsReported() {
        let records = [0.0, 1, 2, 6, 7].enumerated().map { record($0.offset, z: $0.element) }
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.warnings.contains { $0.contains("gap of 4.00 mm between slices 2 and 3") })
    }

    @Test func unevenSpacingIsReported() {
        let records = [0.0, 1, 2.2, 3.2, 4.2].enumerated().map { record($0.offset, z: $0.element) }
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.warnings.contains { $0.contains("uneven slice spacing") })
    }

    @Test func duplicateSOPInstanceUIDsAreReported() {
        let records = [record(0, z: 0, sop: "a"), record(1, z: 1, sop: "a"), record(2, z: 2, sop: "b")]
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.warnings.contains { $0.contains("SOP Instance UID") })
    }

    @Test func mixedFramesOfReferenceAreReported() {
        let records = [record(0, z: 0), record(1, z: 1, frameOfReference: "9.9"), record(2, z: 2)]
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.warnings.contains { $0.contains("frames of reference") })
    }

    @Test func slicesSharingAPositionAreReported() {
        let records = [record(0, z: 0), record(1, z: 1), record(2, z: 1), record(3, z: 2)]
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.depth == 4)
        #expect(grid.warnings.contains { $0.contains("share a position") })
    }

    @Test func equalRepeatsAtEveryPositionBecomeTimepoints() {
        // Three positions, two phases each, files in scrambled order.
        let records = [
            record(0, z: 2, temporal: 2), record(1, z: 0, temporal: 1), record(2, z: 1, temporal: 2),
            record(3, z: 2, temporal: 1), record(4, z: 0, temporal: 2), record(5, z: 1, temporal: 1),
        ]
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.depth == 3 && grid.timepoints == 2)
        #expect(grid.slots == [1, 5, 3, 4, 2, 0])
        #expect(grid.warnings.isEmpty)
    }

    @Test func cineAtOnePositionIsOneSliceOverTime() {
        let records = (0..<4).map { record($0, z: 5, order: 4 - $0, temporal: Double(4 - $0)) }
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.depth == 1 && grid.timepoints == 4)
        #expect(grid.slots == [3, 2, 1, 0])
        #expect(grid.warnings.isEmpty)
    }

    @Test func withoutPositionsInstanceNumberOrders() {
        let records = [record(0, z: nil, order: 3), record(1, z: nil, order: 1), record(2, z: nil, order: 2)]
        let grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: nil)
        #expect(grid.slots == [1, 2, 0])
        #expect(grid.geometry.spacing.z == 3)  // Slice Thickness
        #expect(grid.warnings.contains { $0.contains("Instance Number") })
    }

    @Test func differentRescalesBecomeFloat() throws {
        // The generated series of five slices with their own slope/intercept reads as float32.
        let e = try #require(ExpectedDICOM.all.first { $0.path.hasSuffix("rescale_series") })
        let volume = try e.load()
        #expect(volume.voxelType == .float32)
        #expect(volume.rescale.isIdentity)
        #expect(volume.metadata.warnings.contains { $0.contains("float32") })
    }
}
