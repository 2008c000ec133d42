import Foundation

/// Files that carry one Series Instance UID but cannot be one volume: another matrix size,
/// samples or bits per pixel, or another transfer syntax (the same image stored twice, say,
/// or anonymised copies that kept their UIDs). Discovery reads them apart and says so, naming
/// the files, in each part's warnings and title.
enum DICOMSeriesSplit {
    /// What must be equal for files to be slices of one volume.
    struct Facts: Sendable, Hashable {
        var columns: Int
        var rows: Int
        var samplesPerPixel: Int
        var bitsAllocated: Int
        var transferSyntaxUID: String
        var transferSyntaxName: String

        var key: String { "\(columns)x\(rows)|\(samplesPerPixel)|\(bitsAllocated)|\(transferSyntaxUID)" }
        var text: String { "\(columns) × \(rows), \(transferSyntaxName)" }
    }

    /// For each group (files, facts, series UID) the warnings it gets: one per series that was
    /// read apart, naming the other groups' files.
    static func warnings(_ groups: [(files: [String], facts: Facts, series: String)]) -> [[String]] {
        var result = [[String]](repeating: [], count: groups.count)
        let bySeries = Dictionary(grouping: groups.indices, by: { groups[$0].series })
        for (series, members) in bySeries where members.count > 1 {
            let kinds = Set(members.map { groups[$0].facts })
            guard kinds.count > 1 else { continue }
            for n in members {
                let others = members.filter { $0 != n && groups[$0].facts != groups[n].facts }
                guard !others.isEmpty else { continue }
                let list = others.map { "\(fileList(groups[$0].files)) (\(groups[$0].facts.text))" }.joined(separator: "; ")
                result[n].append("\(list) \(others.count == 1 ? "shares" : "share") Series Instance UID \(series) with this image, "
                    + "\(fileList(groups[n].files)) (\(groups[n].facts.text)): read apart, as the size or transfer syntax differs")
            }
        }
        return result
    }

    /// Up to three file names (no folders), then how many more.
    static func fileList(_ paths: [String]) -> String {
        let names = paths.map { ($0 as NSString).lastPathComponent }
        let shown = names.prefix(3).joined(separator: ", ")
        return names.count > 3 ? "\(shown) and \(names.count - 3) more" : shown
    }
}
