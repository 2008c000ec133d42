import Annotations
import Foundation
import VolumeKit

/// Sidecars and label maps go where their image goes: the sidecar's UIDs and hashes rewritten
/// (the image's content hash as the store computes it: SHA-256 of the de-identified file),
/// positions, records and annotator names unchanged.
extension DeidJob {
    struct ImagePlace {
        /// Output folder, relative to the output root.
        var folder: String
        /// The image's new name (a NIfTI file name, or a DICOM series' new Series Instance UID).
        var name: String
        /// The NIfTI input, or nil for a DICOM series.
        var niftiPath: String?
        /// A DICOM series' files in the input folder by name.
        var dicomFiles: [String: String] = [:]
    }

    /// Where the image `imageName` in the folder of `companion` (a sidecar or label map) goes.
    func place(ofImage imageName: String, companion file: DatasetFile) throws(DeidError) -> ImagePlace {
        let folder = (file.path as NSString).deletingLastPathComponent
        let keyFolder = (file.key as NSString).deletingLastPathComponent
        let imagePath = (folder as NSString).appendingPathComponent(imageName)
        var info = stat()
        if DeidNIfTI.isNIfTIName(imageName), lstat(imagePath, &info) == 0 {
            let key = keyFolder.isEmpty ? imageName : keyFolder + "/" + imageName
            let relative = niftiRelative(key: key)
            return ImagePlace(folder: (relative as NSString).deletingLastPathComponent,
                              name: (relative as NSString).lastPathComponent, niftiPath: imagePath)
        }
        // A DICOM series: its files are in this folder.
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.sorted() ?? []
        var place: ImagePlace?
        for name in names where !name.hasPrefix(".") && Self.kind(of: name) == .dicom {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let raw = try? readDICOM(path) else { continue }
            func value(_ tag: UInt32) -> String { raw.dataset.first { $0.tag.rawValue == tag }.map { DeidDICOM.Run.text($0.bytes) } ?? "" }
            guard value(0x0020_000E) == imageName else { continue }
            if place == nil {
                let id = value(0x0010_0020), patient = id.isEmpty ? value(0x0010_0010) : id
                let retain = settings.options.contains(.retainUIDs)
                let study = retain ? value(0x0020_000D) : keys.uid(for: value(0x0020_000D))
                let series = retain ? imageName : keys.uid(for: imageName)
                place = ImagePlace(folder: "\(keys.pseudonym(forPatient: patient))/\(study)/\(series)", name: series)
            }
            place?.dicomFiles[name] = path
        }
        guard let place else {
            throw .unreadable(path: file.path, reason: "its image \(imageName) is not in this folder (neither a NIfTI file nor a DICOM series), so it cannot go along with it")
        }
        return place
    }

    func runLabelMap(_ file: DatasetFile, _ report: inout DeidReport) throws(DeidError) {
        let name = (file.path as NSString).lastPathComponent
        let splits = Self.labelMapSplits(name)
        guard let longest = splits.first else { return }
        // The annotator's name may hold dots: the image is the longest name there is an image for.
        var found: (place: ImagePlace, annotator: String)?
        for split in splits {
            if let place = try? place(ofImage: split.image, companion: file) { found = (place, split.annotator); break }
        }
        guard let (place, annotator) = found else { _ = try place(ofImage: longest.image, companion: file); return }
        let parts = (annotator: annotator, suffix: longest.suffix)
        let bytes = parts.suffix == ".seg.txt" ? try readBytes(file.path) : try DeidNIfTI.process(path: file.path).bytes
        let relative = Self.join(place.folder, "\(place.name).\(parts.annotator)\(parts.suffix)")
        try DeidOutput.write(bytes, relative: relative, under: out)
        report.written.append(.init(input: file.path, output: relative))
    }

    static func join(_ folder: String, _ name: String) -> String { folder.isEmpty ? name : folder + "/" + name }

    func runSidecar(_ file: DatasetFile, _ report: inout DeidReport) throws(DeidError) {
        let name = (file.path as NSString).lastPathComponent
        let imageName = String(name.dropLast(".annotations.json".count))
        let place = try place(ofImage: imageName, companion: file)
        let data = try readBytes(file.path)
        guard var document = (try? JSONSerialization.jsonObject(with: Data(data))) as? [String: Any] else {
            throw .unreadable(path: file.path, reason: "the sidecar is not a JSON object")
        }
        let folder = (file.path as NSString).deletingLastPathComponent
        if var image = document["image"] as? [String: Any] {
            if var files = image["files"] as? [[String: Any]] {
                for n in files.indices {
                    guard let old = files[n]["name"] as? String else { continue }
                    if let nifti = place.niftiPath {
                        // The image itself, or the .img of a pair next to it.
                        let isImage = old == imageName
                        let path = isImage ? nifti : (folder as NSString).appendingPathComponent(old)
                        let bytes = try niftiBytes(path).bytes
                        files[n]["sha256"] = ContentHash.hex(of: bytes)
                        if isImage { files[n]["name"] = place.name }
                        else if rename {
                            let key = Self.join((file.key as NSString).deletingLastPathComponent, old)
                            files[n]["name"] = (niftiRelative(key: key) as NSString).lastPathComponent
                        }
                    } else if let path = place.dicomFiles[old] {
                        let result = try deidDICOM(path)
                        files[n]["sha256"] = ContentHash.hex(of: result.bytes)
                        files[n]["name"] = result.sopUID + ".dcm"
                    }
                }
                image["files"] = files
            }
            document["image"] = image
        }
        if var segmentations = document["segmentations"] as? [[String: Any]] {
            for n in segmentations.indices {
                // The label map is named after this sidecar's image; what follows is the annotator's part.
                guard let old = segmentations[n]["file"] as? String,
                      let parts = Self.labelMapSplits(old).first(where: { $0.image == imageName }) ?? Self.labelMapParts(old)
                else { continue }
                let path = (folder as NSString).appendingPathComponent(old)
                var info = stat()
                if lstat(path, &info) == 0, parts.suffix != ".seg.txt" {
                    segmentations[n]["sha256"] = ContentHash.hex(of: try DeidNIfTI.process(path: path).bytes)
                }
                segmentations[n]["file"] = "\(place.name).\(parts.annotator)\(parts.suffix)"
            }
            document["segmentations"] = segmentations
        }
        let rewritten = rewriteUIDs(document) as? [String: Any] ?? document
        guard let output = try? JSONSerialization.data(withJSONObject: rewritten, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
            throw .unreadable(path: file.path, reason: "the sidecar could not be written back as JSON")
        }
        let relative = Self.join(place.folder, "\(place.name).annotations.json")
        try DeidOutput.write(Array(output) + [0x0A], relative: relative, under: out)
        report.written.append(.init(input: file.path, output: relative))
    }

    /// Every string under a key ending in "UID" or "UIDs" (SOP Class UIDs aside) mapped as the
    /// DICOM files' UIDs are.
    func rewriteUIDs(_ value: Any, key: String? = nil) -> Any {
        let mapsUIDs = !settings.options.contains(.retainUIDs)
        if let object = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (k, v) in object { out[k] = rewriteUIDs(v, key: k) }
            return out
        }
        let uidKey = key.map { ($0.hasSuffix("UID") || $0.hasSuffix("UIDs") || $0.hasSuffix("Uid")) && !$0.contains("Class") } ?? false
        if let array = value as? [Any] { return array.map { rewriteUIDs($0, key: uidKey ? key : nil) } }
        if let text = value as? String, uidKey, mapsUIDs, !text.isEmpty {
            map.record("uid", text, keys.uid(for: text))
            return keys.uid(for: text)
        }
        return value
    }
}
