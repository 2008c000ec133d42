import Testing
import TestSupport
import VolumeKit

@Suite struct LabelMapTests {
    private let geometry = VolumeGeometry(origin: [1, 2, 3], spacing: [0.5, 0.5, 2])

    @Test func startsEmptyAndStoresOneByteUntilAValueNeedsTwo() {
        var map = LabelMap(width: 4, height: 3, depth: 2, geometry: geometry)
        #expect(map.counts().isEmpty && map.maximum == 0 && !map.isWide)
        map[1, 2, 1] = 7
        map[3, 0, 0] = 255
        #expect(!map.isWide && map.littleEndianBytes().count == 24)
        map[0, 0, 0] = 300
        #expect(map.isWide && map[0, 0, 0] == 300 && map[1, 2, 1] == 7 && map[3, 0, 0] == 255)
        #expect(map.counts() == [7: 1, 255: 1, 300: 1] && map.maximum == 300)
        let bytes = map.littleEndianBytes()
        #expect(bytes.count == 48)
        #expect(bytes[0] == 44 && bytes[1] == 1)
        let offset = 2 * (1 * 12 + 2 * 4 + 1)
        #expect(bytes[offset] == 7 && bytes[offset + 1] == 0)
    }

    @Test func valuesFillTheGridInTheOrderOfAVolume() {
        let values = (0..<24).map { UInt16($0 % 5) }
        let map = LabelMap(width: 4, height: 3, depth: 2, geometry: geometry, values: values)
        #expect(map[3, 2, 1] == values[23] && map[1, 0, 1] == values[13] && map[2, 1, 0] == values[6])
        #expect(map.littleEndianBytes() == values.map { UInt8($0) })
    }

    @Test func aPlaneSliceShowsTheVoxelsItsLayoutNames() {
        let volume = SyntheticVolume.ramp(width: 4, height: 3, depth: 2)
        var map = LabelMap(grid: volume)
        map[2, 1, 0] = 9
        for plane in Plane.allCases {
            let layout = volume.layout(plane)
            let spot = layout.position(of: [2, 1, 0])
            var out = [UInt16](repeating: 0, count: layout.width * layout.height)
            out.withUnsafeMutableBufferPointer { map.fillSlice(layout: layout, slice: spot.slice, into: $0.baseAddress!) }
            #expect(out[spot.row * layout.width + spot.column] == 9, "\(plane)")
            #expect(out.filter { $0 != 0 }.count == 1, "\(plane)")
        }
    }

    @Test func aCopyKeepsItsValuesWhenTheOriginalIsPainted() {
        var map = LabelMap(width: 2, height: 2, depth: 3, geometry: geometry)
        map[0, 0, 1] = 1
        let saved = map
        map[0, 0, 1] = 2
        map[1, 1, 2] = 3
        #expect(saved[0, 0, 1] == 1 && saved[1, 1, 2] == 0 && map[0, 0, 1] == 2)
    }
}
