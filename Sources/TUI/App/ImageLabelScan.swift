import Annotations
import Foundation
import VolumeKit

/// Which images of a folder already carry image labels (read from their sidecars, nothing
/// else), for the picker's done/total and "next unlabelled". Reads only small JSON files;
/// an image whose sidecar cannot be read counts as unlabelled.
enum ImageLabelScan {
    static func labels(of sources: [ImageSource], sidecarDirectory: String?, by annotator: String? = nil) -> [Int: [String]] {
        var out: [Int: [String]] = [:]
        for (n, source) in sources.enumerated() {
            let path: String
            switch source {
            case .file(let file, _):
                path = SidecarLocation.sidecarPath(forFiles: [file], seriesInstanceUID: nil, first: file, directory: sidecarDirectory)
            case .dicomSeries(let series):
                guard let first = series.files.first else { continue }
                path = SidecarLocation.sidecarPath(forFiles: series.files, seriesInstanceUID: series.seriesInstanceUID,
                                                   first: first, directory: sidecarDirectory)
            }
            guard case .success(let bytes) = POSIXFile.readFile(path), bytes.count < 64 << 20,
                  let json = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                  let labels = json["labels"] as? [[String: Any]] else { continue }
            let names = labels.filter { $0["slice"] == nil && (annotator == nil || $0["annotator"] as? String == annotator) }
                .compactMap { $0["name"] as? String }
            if !names.isEmpty { out[n] = names }
        }
        return out
    }
}
