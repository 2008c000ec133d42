import Testing
@testable import Annotations

@Suite struct TimestampTests {
    @Test func writesUTCWithMilliseconds() {
        #expect(Timestamp(millisecondsSince1970: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(millisecondsSince1970: 1_763_766_301_007).iso8601 == "2025-11-21T23:05:01.007Z")
    }

    @Test(arguments: [
        ("2025-11-21T23:05:01.007Z", Int64(1_763_766_301_007)),
        ("2025-11-21T23:05:01Z", Int64(1_763_766_301_000)),
        ("2025-11-21T23:05:01.0071234Z", Int64(1_763_766_301_007)),
        ("2025-11-22T00:05:01.5+01:00", Int64(1_763_766_301_500)),
    ])
    func parses(text: String, milliseconds: Int64) {
        #expect(Timestamp(iso8601: text)?.millisecondsSince1970 == milliseconds)
    }

    @Test(arguments: ["", "2025-11-21", "2025-11-21T23:05:01", "2025-13-21T23:05:01Z", "2025-11-21T23:05:01.Z", "yesterday"])
    func refuses(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func roundTripsThroughText() {
        let now = Timestamp.now()
        #expect(Timestamp(iso8601: now.iso8601) == now)
    }

    @Test func afterIsAlwaysLater() {
        let t = Timestamp(millisecondsSince1970: 1000)
        #expect(t.after(nil) == t)
        #expect(t.after(Timestamp(millisecondsSince1970: 999)) == t)
        #expect(t.after(t).millisecondsSince1970 == 1001)
        #expect(t.after(Timestamp(millisecondsSince1970: 5000)).millisecondsSince1970 == 5001)
    }
}
