import Testing
import TestSupport
@testable import VolumeKit

@Suite struct PlaneLayoutTests {
    @Test func axialOfAnAxialVolumeIsTheStoredImage() {
        let v = SyntheticVolume.ramp()
        let s = v.slice(.axial, index: 1)
        #expect(s.width == 4 && s.height == 3)
        #expect(s.value(column: 2, row: 1) == 2 + 10 + 100)
    }

    @Test func coronalShowsSuperiorAtTheTop() {
        let v = SyntheticVolume.ramp()
        let layout = v.layout(.coronal)
        #expect(layout.normal == 1)
        #expect(layout.width == 4 && layout.height == 2)
        let s = v.slice(.coronal, index: 2)
        // Top row is the highest k (superior).
        #expect(s.value(column: 0, row: 0) == Float(20 + 100))
        #expect(s.value(column: 3, row: 1) == Float(3 + 20))
    }

    @Test func sagittalShowsAnteriorOnTheLeft() {
        let v = SyntheticVolume.ramp()
        let layout = v.layout(.sagittal)
        #expect(layout.normal == 0)
        let s = v.slice(.sagittal, index: 1)
        #expect(s.width == 3 && s.height == 2)
        #expect(s.value(column: 0, row: 1) == Float(1))
        #expect(s.value(column: 2, row: 0) == Float(1 + 20 + 100))
    }

    @Test func aSagittalAcquisitionIsShownAxialTheRightWayUp() {
        // Voxel axes: i runs posterior→anterior (−P), j runs superior→inferior (−S), k runs L.
        let direction = Matrix3(columns: [[0, -1, 0], [0, 0, -1], [1, 0, 0]])
        let v = SyntheticVolume.ramp(width: 4, height: 3, depth: 2, geometry: VolumeGeometry(direction: direction))
        let axial = v.layout(.axial)
        #expect(axial.normal == 1)
        #expect(axial.column == AxisStep(axis: 2, flipped: false))
        #expect(axial.row == AxisStep(axis: 0, flipped: true))
        #expect(v.nativePlane == .sagittal)
        let sagittal = v.layout(.sagittal)
        #expect(sagittal.column == AxisStep(axis: 0, flipped: true))
        #expect(sagittal.row == AxisStep(axis: 1, flipped: false))
    }

    @Test func positionIsTheInverseOfVoxel() {
        let direction = Matrix3(columns: [[-1, 0, 0], [0, 0, 1], [0, -1, 0]])
        let v = SyntheticVolume.ramp(width: 5, height: 4, depth: 3, geometry: VolumeGeometry(direction: direction))
        for plane in Plane.allCases {
            let layout = v.layout(plane)
            for s in 0..<layout.sliceCount {
                for r in 0..<layout.height {
                    for c in 0..<layout.width {
                        let voxel = layout.voxel(column: c, row: r, slice: s)
                        let back = layout.position(of: voxel)
                        #expect(back.column == c && back.row == r && back.slice == s)
                        #expect(v.slice(plane, index: s).value(column: c, row: r)
                                == Float(v.value(voxel.x, voxel.y, voxel.z)))
                    }
                }
            }
        }
    }

    @Test func geometryMapsIndexToLPSAndBack() {
        let g = VolumeGeometry(origin: [10, -20, 30], spacing: [0.5, 0.7, 2],
                               direction: Matrix3(columns: [[0, 1, 0], [0, 0, -1], [1, 0, 0]]))
        let p = g.patientPosition(ofIndex: [2, 3, 4])
        let expected = SIMD3<Double>(18, -19, 27.9)
        #expect(length(p - expected) < 1e-9)
        let back = g.index(ofPatientPosition: p)
        #expect(abs(back.x - 2) < 1e-9 && abs(back.y - 3) < 1e-9 && abs(back.z - 4) < 1e-9)
    }
}
