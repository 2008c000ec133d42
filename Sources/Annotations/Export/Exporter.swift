import Foundation
import VolumeKit

/// Runs one export: images are added one at a time (each one's files written as it comes, so a
/// large export holds one volume at a time), then `finish` writes what spans them all (the CSV,
/// `dataset.json`, the MONAI datalist) and `export-manifest.json`.
///
/// Every byte written depends only on the inputs and the request: records in a stable order,
/// numbers in a fixed form, and the manifest's time the latest `modified` of what went out.
public final class Exporter {
    public static let manifestName = "export-manifest.json"

    public let request: ExportRequest
    public let writer: ExportWriter
    private var csv = CSVExport.header
    private var manifestImages: [JSONText] = []
    private var skipped: [JSONText] = []
    private var latest: Timestamp?
    private var recordCount = 0
    /// nnU-Net / MONAI: segment name → consecutive value (from 1; 0 is background).
    private var classValues: [String: Int] = [:]
    private var classOrder: [String] = []
    private var cases: [(image: String, label: String)] = []
    private let coco = COCOExport()
    /// How many images of each name were added (see `ExportImage.ordinal`).
    private var names: [String: Int] = [:]
    public private(set) var exportedImages = 0
    /// Each image exported: its sidecar, the document read, and the records that went out (for
    /// the `export` lines of its audit log, written once the export is complete).
    public private(set) var exportedRecords: [(sidecarPath: String, document: SidecarDocument, ids: [UUID])] = []

    public init(_ request: ExportRequest) {
        self.request = request
        self.writer = ExportWriter(root: request.out, dryRun: request.dryRun)
    }

    /// Notes an image that was found but not exported (no sidecar, refused, nothing selected).
    public func skip(_ path: String, reason: String) {
        skipped.append(.object([("image", .string(path)), ("reason", .string(reason))]))
    }

    /// Writes one image's share of the export. Returns the number of records taken.
    @discardableResult
    public func add(_ image: ExportImage) throws(ExportError) -> Int {
        var image = image
        names[image.name, default: 0] += 1
        image.ordinal = names[image.name]!
        let selection = ExportSelection(image.document, filter: request.filter)
        let before = writer.written.count
        var labelMaps: [JSONText] = []
        var mappings: [JSONText] = []
        var taken = request.format.needsLabelMaps ? selection.segmentations.count
            : request.format == .slicer ? selection.annotations.count : selection.annotations.count + selection.labels.count
        switch request.format {
        case .csv:
            csv += CSVExport.rows(image, selection)
        case .coco:
            for (record, _) in selection.segmentations { labelMaps.append(try labelMapEntry(image.labelMapPath(record))) }
            taken = try coco.add(image, selection, window: request.normalization.figures(for: image.volume)?.window ?? request.window,
                                 writer: writer)
        case .slicer:
            let markups = selection.annotations.isEmpty ? nil : SlicerExport.document(image, selection)
            if let markups {
                let name = SlicerExport.fileName(image)
                try writer.claim(name, for: image.path)
                try writer.write(name, markups.bytes)
            }
        case .labelmap, .nnunet, .monai:
            for (record, _) in selection.segmentations { labelMaps.append(try labelMapEntry(image.labelMapPath(record))) }
            setModality(image.volume.metadata.modality)
            mappings = try writeLabelMaps(image, selection)
        }
        guard taken > 0 else {
            skip(image.path, reason: "no record matches the filters")
            return 0
        }
        exportedImages += 1
        recordCount += taken
        let ids: [UUID] = request.format.needsLabelMaps ? selection.segmentations.map(\.record.id)
            : selection.annotations.map(\.id) + (request.format == .slicer ? [] : selection.labels.map(\.id))
        exportedRecords.append((image.sidecarPath, image.document, ids))
        if let t = selection.latestModified { latest = max(latest ?? t, t) }
        var entry: [(String, JSONText)] = [
            ("image", .string(image.path)),
            ("sidecar", .string(image.sidecarPath)),
            ("sidecarSHA256", .string(image.sidecarSHA256)),
            ("records", .int(taken)),
            ("labelMaps", .array(labelMaps)),
        ]
        if !mappings.isEmpty { entry.append(("labelValues", .array(mappings))) }
        entry.append(("files", .array(writer.written[before...].map { .string($0.path) })))
        manifestImages.append(.object(entry))
        return taken
    }

    private func labelMapEntry(_ path: String) throws(ExportError) -> JSONText {
        do {
            return .object([("file", .string(path)), ("sha256", .string(try ContentHash.hex(ofFile: path)))])
        } catch {
            throw .labelMap(path: path, reason: error.description)
        }
    }

    /// `labelmap`, `nnunet`, `monai`: the label-map files, and how their values were mapped.
    private func writeLabelMaps(_ image: ExportImage, _ selection: ExportSelection) throws(ExportError) -> [JSONText] {
        var mappings: [JSONText] = []
        if request.format == .labelmap, request.merge, !selection.segmentations.isEmpty {
            // One value per annotator (1, 2, … in name order); where several annotators
            // labelled a voxel, the first of them in that order keeps it.
            let annotators = Array(Set(selection.segmentations.map(\.record.annotator))).sorted()
            var merged = [UInt16](repeating: 0, count: image.volume.voxelsPerTimepoint)
            for (n, annotator) in annotators.enumerated().reversed() {
                for (record, segments) in selection.segmentations where record.annotator == annotator {
                    let map = try ExportLabelMaps.read(image, record)
                    let kept = Set(segments.map { UInt16($0.value) })
                    for k in 0..<map.depth {
                        for offset in 0..<map.voxelsPerSlice where kept.contains(map[k, offset]) {
                            merged[k * map.voxelsPerSlice + offset] = UInt16(n + 1)
                        }
                    }
                }
                mappings.append(.object([("value", .int(n + 1)), ("annotator", .string(annotator))]))
            }
            let map = LabelMap(width: image.volume.width, height: image.volume.height, depth: image.volume.depth,
                               geometry: image.volume.geometry, values: merged)
            let name = image.outputName + ".merged.seg.nii.gz"
            try writer.claim(name, for: image.path)
            try writer.write(name, try ExportLabelMaps.gzipped(map, path: name))
            return mappings.reversed()
        }
        for (record, segments) in selection.segmentations {
            let source = image.labelMapPath(record)
            switch request.format {
            case .labelmap:
                var name = (record.file as NSString).lastPathComponent
                if name.hasPrefix(image.name + ".") { name = image.outputName + name.dropFirst(image.name.count) }
                try writer.claim(name, for: image.path)
                if segments.count == record.segments.count {
                    let bytes: [UInt8]
                    switch POSIXFile.readFile(source) {
                    case .success(let b): bytes = b
                    case .failure(let e): throw .labelMap(path: source, reason: POSIXFile.errorText(e.code))
                    }
                    try writer.write(name, bytes)
                } else {
                    let kept = Set(segments.map { UInt16($0.value) })
                    let map = ExportLabelMaps.remapped(try ExportLabelMaps.read(image, record), on: image) { kept.contains($0) ? $0 : 0 }
                    try writer.write(name, try ExportLabelMaps.gzipped(map, path: name))
                }
            case .nnunet, .monai:
                var values: [UInt16: UInt16] = [:]
                for segment in segments.sorted(by: { ($0.value, $0.name) < ($1.value, $1.name) }) {
                    if classValues[segment.name] == nil {
                        classOrder.append(segment.name)
                        classValues[segment.name] = classOrder.count
                    }
                    values[UInt16(segment.value)] = UInt16(classValues[segment.name]!)
                    mappings.append(.object([("file", .string(record.file)), ("from", .int(segment.value)),
                                             ("to", .int(classValues[segment.name]!)), ("name", .string(segment.name))]))
                }
                let map = ExportLabelMaps.remapped(try ExportLabelMaps.read(image, record), on: image) { values[$0] ?? 0 }
                let caseID = Self.safe(Self.stem(image.name)) + (image.ordinal > 1 ? "-\(image.ordinal)" : "") + "_"
                    + Self.safe(record.annotator)
                let prefix = request.format == .nnunet ? request.nnunetFolder + "/" : ""
                let imageFile = prefix + "imagesTr/" + caseID + (request.format == .nnunet ? "_0000" : "") + ".nii.gz"
                let labelFile = prefix + "labelsTr/" + caseID + ".nii.gz"
                try writer.claim(labelFile, for: image.path + " " + record.file)
                let imageBytes: [UInt8]
                do {
                    imageBytes = try NIfTIWriter.gzippedBytes(image.volume)
                } catch {
                    throw .writeFailed(path: imageFile, reason: error.description)
                }
                try writer.write(imageFile, imageBytes)
                try writer.write(labelFile, try ExportLabelMaps.gzipped(map, path: labelFile))
                cases.append((imageFile, labelFile))
            case .csv, .slicer, .coco:
                break
            }
        }
        return mappings
    }

    /// Writes what spans every image, then the manifest; flushes the folders.
    public func finish() throws(ExportError) {
        switch request.format {
        case .csv:
            try writer.write(CSVExport.fileName, Array(csv.utf8))
        case .nnunet:
            try writer.write(request.nnunetFolder + "/dataset.json", datasetJSON().bytes)
        case .monai:
            let training = cases.map { JSONText.object([("image", .string($0.image)), ("label", .string($0.label))]) }
            try writer.write("datalist.json", JSONText.object([("training", .array(training))]).bytes)
        case .coco:
            try writer.write("annotations.json", coco.document(version: request.version).bytes)
        case .slicer, .labelmap:
            break
        }
        let files = writer.written.map(\.path)
        try writer.write(Self.manifestName, manifest(files: files).bytes)
        try writer.finish()
    }

    /// nnU-Net v2's `dataset.json`.
    func datasetJSON() -> JSONText {
        var labels: [(String, JSONText)] = [("background", .int(0))]
        labels += classOrder.map { ($0, .int(classValues[$0]!)) }
        return .object([
            ("channel_names", .object([("0", .string(channelName))])),
            ("labels", .object(labels)),
            ("numTraining", .int(cases.count)),
            ("file_ending", .string(".nii.gz")),
            ("name", .string(request.datasetName)),
            ("description", .string("exported by slicemark \(request.version)")),
        ])
    }

    /// nnU-Net normalises CT by its own scheme when the channel is named "CT".
    var channelName = "image"

    func setModality(_ modality: String?) {
        if let modality, modality.uppercased() == "CT" { channelName = "CT" }
    }

    func manifest(files: [String]) -> JSONText {
        .object([
            ("slicemark", .string(request.version)),
            ("format", .string(request.format.rawValue)),
            ("commandLine", .array(request.commandLine.map(JSONText.string))),
            ("filters", request.filter.json),
            ("inputsModified", latest.map { .string($0.iso8601) } ?? .null),
            ("records", .int(recordCount)),
            ("images", .array(manifestImages)),
            ("skipped", .array(skipped)),
            ("files", .array(files.map(JSONText.string))),
        ])
    }

    static func stem(_ name: String) -> String {
        for ending in [".nii.gz", ".nii", ".hdr", ".img"] where name.hasSuffix(ending) { return String(name.dropLast(ending.count)) }
        return name
    }

    static func safe(_ text: String) -> String {
        String(text.unicodeScalars.map { s -> Character in
            (s.isASCII && (CharacterSet.alphanumerics.contains(s) || s == "-")) ? Character(s) : "-"
        })
    }
}
