import Testing
@testable import VolumeKit

@Suite struct DemoPhantomTests {
    let volume = DemoPhantom.volume()

    @Test func hasRealGeometryAndHounsfieldUnits() {
        #expect(volume.dimensions == [256, 256, 96])
        #expect(volume.geometry.spacing == SIMD3(0.9, 0.9, 2.5))
        #expect(volume.rescale.intercept == -1024)
        #expect(volume.value(0, 0, 0) == -1000)  // air in the corner
        let stats = volume.statistics()
        #expect(stats.min == -1000)
        #expect(stats.max > 800)  // ribs and cortical bone
    }

    @Test func organsAreWhereTheyShouldBe() {
        // Index of a patient position (mm) in the phantom.
        func hu(_ x: Double, _ y: Double, _ z: Double) -> Double {
            let i = volume.geometry.index(ofPatientPosition: [x, y, z])
            return volume.value(Int(i.x.rounded()), Int(i.y.rounded()), Int(i.z.rounded()))
        }
        #expect(abs(hu(-50, 2, 60) - -850) < 10)   // right lung
        #expect(abs(hu(-40, -8, -40) - 60) < 10)   // liver
        #expect(abs(hu(0, 74, -40) - 12) < 10)     // spinal canal
        #expect(hu(0, 52, 20) > 250)               // vertebra
    }

    @Test func isTheSameEveryTime() {
        let again = DemoPhantom.volume()
        #expect(again.statistics() == volume.statistics())
    }
}
