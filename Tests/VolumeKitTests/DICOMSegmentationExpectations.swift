import Foundation
import TestSupport
@testable import VolumeKit

/// What `scripts/expected/dicom_seg.py` computed with pydicom, highdicom and numpy.
enum ExpectedSegmentation {
    nonisolated(unsafe) static let root: [String: Any] = (try? Fixtures.expected("dicom_seg") as? [String: Any]) ?? [:]

    static var liver: [String: Any] { root["liver"] as? [String: Any] ?? [:] }
    static var segmentations: [[String: Any]] { root["segmentations"] as? [[String: Any]] ?? [] }
    static var series: [String: Any] { (root["series"] as? [[String: Any]])?.first ?? [:] }
    static var alone: [String: Any] { root["alone"] as? [String: Any] ?? [:] }
    static var bad: [[String: Any]] { root["bad"] as? [[String: Any]] ?? [] }
    static var colors: [(value: [Int], rgb: [Int])] {
        (root["colors"] as? [[String: Any]] ?? []).map { (ints($0["value"]), ints($0["rgb"])) }
    }

    static func ints(_ v: Any?) -> [Int] { (v as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue } }
    static func doubles(_ v: Any?) -> [Double] { (v as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.doubleValue } }

    /// `{"1": 2634, …}` as label value → voxels.
    static func counts(_ v: Any?) -> [UInt16: Int] {
        var out: [UInt16: Int] = [:]
        for (key, value) in v as? [String: Any] ?? [:] {
            if let k = UInt16(key), let n = (value as? NSNumber)?.intValue { out[k] = n }
        }
        return out
    }

    static func runs(_ v: Any?) -> [[Int]] { (v as? [Any] ?? []).map { ints($0) } }

    static func path(_ o: [String: Any]) -> String { Fixtures.path(o["path"] as? String ?? "") }
}

/// Whether a label map holds exactly the runs numpy wrote; on a difference, names the first
/// differing run rather than printing thousands.
func sameRuns(_ map: LabelMap, _ want: [[Int]]) -> (same: Bool, detail: String) {
    let runs = labelRuns(map)
    if runs == want { return (true, "") }
    let first = zip(runs, want).first { $0 != $1 }
    return (false, "\(runs.count) runs, numpy has \(want.count); first difference: \(first.map { "\($0.0) vs \($0.1)" } ?? "a missing run")")
}

/// Runs of one non-zero value over a label map flattened i fastest, then j, then k:
/// `[start, length, value]`, as the fixture script writes them.
func labelRuns(_ map: LabelMap) -> [[Int]] {
    var runs: [[Int]] = []
    var index = 0
    for k in 0..<map.depth {
        for o in 0..<map.voxelsPerSlice {
            let v = Int(map[k, o])
            if v != 0 {
                if var last = runs.last, last[0] + last[1] == index, last[2] == v {
                    last[1] += 1
                    runs[runs.count - 1] = last
                } else {
                    runs.append([index, 1, v])
                }
            }
            index += 1
        }
    }
    return runs
}
