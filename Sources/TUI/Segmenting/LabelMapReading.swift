import Annotations
import Foundation
import VolumeKit

/// Finding and reading an image's label maps, on the loading thread: the annotator's own (to
/// go on painting), other annotators' named by the sidecar, the `--seg` files, and DICOM
/// Segmentations in the series' folder that reference it. Each one is read whole, checked
/// against the image's grid (never resampled) and its hash against the sidecar's record.
enum LabelMapReading {
    static func find(volume: Volume, image: ImageSource? = nil, source: AnnotationSource, options: ViewerOptions) -> LabelMapsFound {
        var found = LabelMapsFound()
        if case .dicomSeries(let series)? = image {
            for path in series.segmentations { found.add(dicomSegmentation: path, on: volume) }
        }
        if let image = SegmentationImage.labels(of: volume) {
            switch image {
            case .success(let reference): found.references.append(reference)
            case .failure(let problem): found.problems.append(problem.text)
            }
        }
        let imageName = (volume.metadata.sourceFiles.first.map { ($0 as NSString).lastPathComponent }) ?? "the image"
        if case .store(let store, let snapshot) = source {
            let own = SidecarLocation.labelMapPath(forSidecar: store.sidecarPath, annotator: options.annotator)
            if FileManager.default.fileExists(atPath: own) {
                let record = snapshot.document.segmentations.first { $0.annotator == options.annotator && ($0.source == .human || $0.status == .accepted) }
                switch read(own, record: record, volume: volume, imageName: imageName, fallback: options.labelTable) {
                case .success(let (map, table, warning)):
                    found.own = LabelMapContext(map: map, table: table, path: own)
                    if let warning { found.problems.append(warning) }
                case .failure(let problem):
                    found.ownRefusal = problem.text + "; painting is off so that it is not overwritten"
                }
            }
            let folder = (store.sidecarPath as NSString).deletingLastPathComponent
            for record in snapshot.document.segmentations
                where record.annotator != options.annotator || !(record.source == .human || record.status == .accepted) {
                let path = (folder as NSString).appendingPathComponent((record.file as NSString).lastPathComponent)
                guard FileManager.default.fileExists(atPath: path) else {
                    found.problems.append("\(record.annotator)'s label map \(record.file) is not in the folder")
                    continue
                }
                switch read(path, record: record, volume: volume, imageName: imageName, fallback: options.labelTable) {
                case .success(let (map, table, warning)):
                    found.references.append(ReferenceLabelMap(name: record.annotator, path: path, map: map, table: table, kind: .annotator))
                    if let warning { found.problems.append(warning) }
                case .failure(let problem):
                    found.problems.append(problem.text)
                }
            }
        }
        for path in options.segmentationFiles {
            switch read(path, record: nil, volume: volume, imageName: imageName, fallback: options.labelTable) {
            case .success(let (map, table, _)):
                found.references.append(ReferenceLabelMap(name: (path as NSString).lastPathComponent, path: path,
                                                          map: map, table: table, kind: .file))
            case .failure(let problem):
                found.problems.append(problem.text)
            }
        }
        return found
    }

    struct Problem: Error {
        var text: String
    }

    static func table(of segments: [DICOMSegment]) -> LabelTable {
        LabelTable(entries: segments.compactMap { segment in
            guard let value = UInt16(exactly: segment.number) else { return nil }
            let rgb = segment.color
            return .init(value: value, name: segment.label,
                         color: rgb.map { LabelColor(red: $0.x, green: $0.y, blue: $0.z) } ?? LabelTable.defaultColor(for: value))
        })
    }

    /// Reads one label map file and checks it fits the image; its table from the `.txt` beside
    /// it, the sidecar record's segments, or `fallback`. A hash that differs from the record's
    /// is a warning: the file is used as it is.
    private static func read(_ path: String, record: Segmentation?, volume: Volume, imageName: String,
                             fallback: LabelTable) -> Result<(LabelMap, LabelTable, String?), Problem> {
        let name = (path as NSString).lastPathComponent
        do {
            var map = try LabelMapReader.read(path: path)
            try LabelMapGrid.check(map, fits: volume, mapFile: name, imageName: imageName)
            map.geometry = volume.geometry
            var warning: String?
            if let record, !record.sha256.isEmpty, let sha = try? ContentHash.hex(ofFile: path), sha != record.sha256 {
                warning = "\(name) changed since the sidecar recorded it (its SHA-256 differs): shown as it is now"
            }
            return .success((map, table(besides: path, record: record, fallback: fallback), warning))
        } catch {
            return .failure(Problem(text: "\(error)".replacingOccurrences(of: path, with: name)))
        }
    }

    private static func table(besides path: String, record: Segmentation?, fallback: LabelTable) -> LabelTable {
        let txt = SidecarLocation.labelTablePath(forLabelMap: path)
        if FileManager.default.fileExists(atPath: txt), let table = try? LabelTable.load(path: txt) { return table }
        if let record, !record.segments.isEmpty {
            return LabelTable(entries: record.segments.compactMap { segment in
                guard let value = UInt16(exactly: segment.value) else { return nil }
                return .init(value: value, name: segment.name,
                             color: (try? LabelColor(hex: segment.color)) ?? LabelTable.defaultColor(for: value))
            })
        }
        return fallback
    }

    /// The image itself as labels (`:lut labels`): it must hold whole numbers 0…65535.
    static func labels(ofImage volume: Volume) throws -> LabelMap {
        var single = volume
        single.timepoints = 1
        return try LabelMapReader.labelMap(of: single, path: volume.metadata.sourceFiles.first ?? "the image")
    }

    /// Takes in what the loading thread found, for the image just opened.
    static func adopt(_ found: LabelMapsFound, into state: inout ViewerState) {
        guard var context = state.annotation else { return }
        if let own = found.own { context.labelMap = own }
        context.references = found.references
        context.labelMapRefusal = found.ownRefusal
        state.annotation = context
        var lines = found.problems
        if let refusal = found.ownRefusal { lines.insert(refusal, at: 0) }
        if let first = lines.first {
            let more = lines.count > 1 ? " (and \(lines.count - 1) more)" : ""
            state.message = .init(text: first + more, isError: true)
        } else if !found.references.isEmpty || found.own != nil {
            let names = (found.own.map { _ in ["yours"] } ?? []) + found.references.map(\.name)
            state.message = .init(text: "label maps: " + names.joined(separator: ", "), isError: false)
        }
    }
}
