import Testing
@testable import Annotations

@Suite struct AnnotatorTests {
    @Test func optionThenEnvironmentThenLogin() {
        #expect(Annotator.resolve(option: "dr.a", environment: ["SLICEMARK_ANNOTATOR": "b", "USER": "c"]) == "dr.a")
        #expect(Annotator.resolve(option: nil, environment: ["SLICEMARK_ANNOTATOR": "b", "USER": "c"]) == "b")
        #expect(Annotator.resolve(option: "", environment: ["USER": "c"]) == "c")
    }
}
