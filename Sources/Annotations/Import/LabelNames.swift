import Foundation
import VolumeKit

/// What the values of an imported label map are called (`--labels FILE`):
///
/// - a `dataset.json` as nnU-Net v2 and TotalSegmentator write it, `"labels": {"liver": 1, …}`
///   (a region's list of values names each of them), or as nnU-Net v1 and the Medical
///   Segmentation Decathlon do, `"labels": {"1": "liver", …}`; colours are ITK-SNAP's defaults;
/// - an ITK-SNAP label description file or a 3D Slicer colour table (`LabelTable.parse`).
enum LabelNames {
    static func load(_ path: String) throws(ImportError) -> LabelTable {
        let bytes: [UInt8]
        switch POSIXFile.readFile(path) {
        case .success(let b): bytes = b
        case .failure(let e): throw .badLabels(path: path, reason: "cannot be read (\(POSIXFile.errorText(e.code)))")
        }
        let first = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
        if first == UInt8(ascii: "{") {
            switch JSONValue.parse(bytes) {
            case .success(let json): return try datasetJSON(json, path: path)
            case .failure(let problem): throw .badLabels(path: path, reason: problem.text)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) ?? String(bytes: bytes, encoding: .isoLatin1) else {
            throw .badLabels(path: path, reason: "not a text file")
        }
        do {
            return try LabelTable.parse(text, file: path)
        } catch {
            throw .badLabels(path: path, reason: error.description.replacingOccurrences(of: path + ": ", with: ""))
        }
    }

    static func datasetJSON(_ json: JSONValue, path: String) throws(ImportError) -> LabelTable {
        guard let labels = json["labels"]?.object, !labels.isEmpty else {
            throw .badLabels(path: path, reason: "a dataset.json needs a \"labels\" object (name → value, or value → name)")
        }
        var names: [UInt16: String] = [:]
        for (key, value) in labels {
            if let v = value.int {
                // nnU-Net v2: name → value.
                guard (0...65535).contains(v) else { throw .badLabels(path: path, reason: "label \"\(key)\" has value \(v), not 0…65535") }
                names[UInt16(v)] = names[UInt16(v)] ?? key
            } else if let list = value.array {
                // A region: several values under one name.
                for item in list {
                    guard let v = item.int, (0...65535).contains(v) else {
                        throw .badLabels(path: path, reason: "region \"\(key)\" lists something that is not a value 0…65535")
                    }
                    names[UInt16(v)] = names[UInt16(v)] ?? key
                }
            } else if let name = value.string, let v = Int(key.trimmingCharacters(in: .whitespaces)), (0...65535).contains(v) {
                // nnU-Net v1 / Decathlon: value → name.
                names[UInt16(v)] = name
            } else {
                throw .badLabels(path: path, reason: "label \"\(key)\" is neither name → value nor value → name")
            }
        }
        let entries = names.filter { $0.key != 0 }.sorted { $0.key < $1.key }.map { value, name in
            LabelTable.Entry(value: value, name: name, color: LabelTable.defaultColor(for: value))
        }
        return LabelTable(entries: entries)
    }
}
