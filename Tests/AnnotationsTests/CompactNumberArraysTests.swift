import Testing
@testable import Annotations

@Suite struct CompactNumberArraysTests {
    func compact(_ text: String) -> String {
        String(decoding: CompactNumberArrays.apply(Array(text.utf8)), as: UTF8.self)
    }

    @Test func numberArraysGoOnOneLine() {
        #expect(compact("{\n  \"v\" : [\n    1,\n    -2.5,\n    3e-07\n  ],\n  \"e\" : [\n\n  ]\n}")
                == "{\n  \"v\" : [1, -2.5, 3e-07],\n  \"e\" : []\n}")
    }

    @Test func otherArraysAndStringsAreLeftAlone() {
        let objects = "{\n  \"a\" : [\n    {\n      \"x\" : 1\n    }\n  ],\n  \"s\" : [\n    \"1\"\n  ]\n}"
        #expect(compact(objects) == objects)
        let text = "{\n  \"note\" : \"[1, 2] and \\\"[\\\" ok\"\n}"
        #expect(compact(text) == text)
    }
}
