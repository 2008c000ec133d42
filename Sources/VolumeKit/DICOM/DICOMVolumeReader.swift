import Foundation

/// Reads one DICOM file or the files of one series into a `Volume`: headers of every file
/// (in parallel, stopping at Pixel Data), slices sorted in space, then pixel bytes read or
/// decoded straight into the volume's buffer (in parallel).
public enum DICOMVolumeReader {
    /// `notes` (what series discovery noticed) go first among the volume's warnings.
    public static func read(files: [String], notes: [String] = [], progress: ProgressHandler?,
                            cancellation: LoadCancellation? = nil) throws(VolumeKitError) -> Volume {
        guard !files.isEmpty else { throw .noImagesFound(path: "") }
        let headers = try readHeaders(files, progress: progress, cancellation: cancellation)
        var volume = try assemble(headers, progress: progress, cancellation: cancellation)
        volume.metadata.warnings.insert(contentsOf: notes, at: 0)
        return volume
    }

    static func readHeaders(_ files: [String], progress: ProgressHandler?,
                            cancellation: LoadCancellation? = nil) throws(VolumeKitError) -> [DICOMHeader] {
        let slots = ConcurrentSlots<DICOMHeader>(count: files.count)
        let failure = DICOMFirstError()
        let counter = DICOMProgressCounter(total: files.count, phase: "reading DICOM headers", handler: progress)
        DispatchQueue.concurrentPerform(iterations: files.count) { n in
            guard failure.error == nil, cancellation?.isCancelled != true else { return }
            do {
                let file = try ReadableFile(path: files[n])
                slots.set(n, try DICOMHeaderCache.shared.take(for: file) ?? DICOMHeader.read(file))
            } catch {
                failure.record(error)
            }
            counter.step()
        }
        if cancellation?.isCancelled == true { throw .cancelled(path: files[0]) }
        try failure.check()
        return slots.values
    }

    static func assemble(_ headers: [DICOMHeader], progress: ProgressHandler?,
                         cancellation: LoadCancellation? = nil) throws(VolumeKitError) -> Volume {
        let first = headers[0]
        guard let firstPixels = first.pixelData else {
            let kind = first.dataset.string(.modality).map { "a DICOM \($0) object" } ?? "a DICOM object"
            throw .malformed(path: first.path, detail: "\(kind) with no image in it (no Pixel Data (7FE0,0010))")
        }
        let layout = try DICOMPixelLayout(first.dataset, pixelTag: firstPixels.tag, path: first.path)
        var records: [DICOMFrameRecord] = []
        for (n, h) in headers.enumerated() {
            guard let pixels = h.pixelData else {
                throw .malformed(path: h.path, detail: "this file of the series holds no pixel data")
            }
            let l = try DICOMPixelLayout(h.dataset, pixelTag: pixels.tag, path: h.path)
            guard l.rows == layout.rows, l.columns == layout.columns, l.samplesPerPixel == layout.samplesPerPixel,
                  l.bitsAllocated == layout.bitsAllocated, l.pixelRepresentation == layout.pixelRepresentation else {
                throw .malformed(path: h.path, detail: "its image (\(l.columns) × \(l.rows), \(l.bitsAllocated) bits) differs from the rest of the series (\(layout.columns) × \(layout.rows), \(layout.bitsAllocated) bits)")
            }
            try DICOMPixelReader.checkClaimedSize(h, l)
            records += DICOMFrameRecord.records(of: h.dataset, file: n, frames: l.frames)
        }

        let fallback = first.dataset.number(DICOMTag(0x0018, 0x0088)) ?? first.dataset.number(.sliceThickness)
        var grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: fallback)
        if records.count == 1, records[0].pixelSpacing == nil {
            grid.geometry.spacing.x = 1
            grid.geometry.spacing.y = 1
        }

        let rescales = Set(records.map { [$0.rescale.slope, $0.rescale.intercept] })
        let uniformRescale = rescales.count <= 1
        let outputType: VoxelType = uniformRescale ? layout.voxelType : .float32
        let outFrameBytes = layout.pixelsPerFrame * layout.samplesPerPixel * outputType.byteCount
        let total = outFrameBytes * grid.slots.count
        let buffer = VoxelBuffer(zeroedByteCount: total)
        MemoryAdvice.preferHugePages(UnsafeMutableRawBufferPointer(start: buffer.mutableBytes, count: total))

        try readPixels(headers, records: records, grid: grid, layout: layout, outputType: outputType,
                       outFrameBytes: outFrameBytes, into: buffer.mutableBytes, progress: progress,
                       cancellation: cancellation)

        var metadata = makeMetadata(headers, records: records, grid: grid, layout: layout)
        if !uniformRescale {
            metadata.datatypeName = "float32"
            metadata.warnings.append("slices rescale differently (\(rescales.count) slope/intercept pairs): values converted to float32")
        }
        let rescale = uniformRescale ? (records.first?.rescale ?? .identity) : .identity
        return Volume(width: layout.columns, height: layout.rows, depth: grid.depth, timepoints: grid.timepoints,
                      components: layout.samplesPerPixel, voxelType: outputType, rescale: rescale,
                      geometry: grid.geometry, buffer: buffer, metadata: metadata)
    }

    private static func readPixels(_ headers: [DICOMHeader], records: [DICOMFrameRecord], grid: DICOMSliceGrid,
                                   layout: DICOMPixelLayout, outputType: VoxelType, outFrameBytes: Int,
                                   into base: UnsafeMutableRawPointer, progress: ProgressHandler?,
                                   cancellation: LoadCancellation?) throws(VolumeKitError) {
        // Frames of each file, with the slot each goes to.
        var perFile = [[(frame: Int, slot: Int)]](repeating: [], count: headers.count)
        for (slot, recordIndex) in grid.slots.enumerated() {
            let r = records[recordIndex]
            perFile[r.file].append((r.frame, slot))
        }
        let work = perFile
        let failure = DICOMFirstError()
        let counter = DICOMProgressCounter(total: grid.slots.count, phase: "reading pixel data", handler: progress)
        let target = DICOMFrameTarget(base: base, frameBytes: outFrameBytes)
        let rescales = grid.slots.map { records[$0].rescale }
        if headers.count == 1 {
            // One (multi-frame) file: its frames in parallel, so compressed frames decode on every core.
            let reader = try DICOMPixelReader(header: headers[0], layout: layout)
            let jobs = work[0]
            DispatchQueue.concurrentPerform(iterations: jobs.count) { n in
                guard failure.error == nil, cancellation?.isCancelled != true else { return }
                do {
                    let job = jobs[n]
                    try reader.readFrame(job.frame, into: target.pointer(job.slot), output: outputType, rescale: rescales[job.slot])
                } catch {
                    failure.record(error)
                }
                counter.step()
            }
        } else {
            // A series: files in parallel, each file's frames in order.
            DispatchQueue.concurrentPerform(iterations: headers.count) { file in
                guard failure.error == nil, cancellation?.isCancelled != true else { return }
                do {
                    let reader = try DICOMPixelReader(header: headers[file], layout: layout)
                    for job in work[file] where cancellation?.isCancelled != true {
                        try reader.readFrame(job.frame, into: target.pointer(job.slot), output: outputType, rescale: rescales[job.slot])
                        counter.step()
                    }
                } catch {
                    failure.record(error)
                }
            }
        }
        if cancellation?.isCancelled == true { throw .cancelled(path: headers[0].path) }
        try failure.check()
    }

    private static func makeMetadata(_ headers: [DICOMHeader], records: [DICOMFrameRecord], grid: DICOMSliceGrid,
                                     layout: DICOMPixelLayout) -> VolumeMetadata {
        let firstRecord = records[grid.slots[0]]
        let h = headers[firstRecord.file]
        let ds = h.dataset
        var fileOrder: [Int] = []
        var seen = Set<Int>()
        for slot in grid.slots where seen.insert(records[slot].file).inserted { fileOrder.append(records[slot].file) }
        let centers = ds.numbers(.windowCenter), widths = ds.numbers(.windowWidth)
        let explanations = ds.strings(.windowExplanation)
        let windows = zip(centers, widths).enumerated().compactMap { n, cw -> WindowLevel? in
            guard cw.1 > 0 else { return nil }
            let name = n < explanations.count && !explanations[n].isEmpty ? explanations[n] : "file window \(n + 1)"
            return WindowLevel(center: cw.0, width: cw.1, name: name)
        }
        var warnings = grid.warnings
        let syntaxes = Dictionary(grouping: headers, by: { $0.transferSyntax.uid })
        if syntaxes.count > 1 {
            let parts = syntaxes.values.sorted { $0[0].path < $1[0].path }.map { group in
                "\(group[0].transferSyntax.name): \(DICOMSeriesSplit.fileList(group.map(\.path)))"
            }
            warnings.append("the files of this series use \(syntaxes.count) transfer syntaxes (\(parts.joined(separator: "; ")))")
        }
        let stored = ds.numbers(.pixelSpacing)
        if let notice = DICOMPixelSpacing.notice(grid.geometry.spacingSource, stored: stored) {
            warnings.append(notice)
        }
        if h.transferSyntaxInferred && h.meta == nil {
            warnings.append("no file meta information: read as \(h.transferSyntax.name)")
        }
        var metadata = VolumeMetadata(
            format: .dicom, sourceFiles: fileOrder.map { headers[$0].path }, datatypeName: layout.datatypeName,
            modality: ds.string(.modality), seriesDescription: ds.string(.seriesDescription),
            transferSyntaxUID: h.transferSyntax.uid, photometric: layout.photometric,
            fileWindows: windows, palette: layout.isPalette ? DICOMPalette.read(ds) : nil,
            identity: ImageIdentity(studyInstanceUID: ds.string(.studyInstanceUID),
                                    seriesInstanceUID: ds.string(.seriesInstanceUID),
                                    sopInstanceUIDs: fileOrder.compactMap { headers[$0].dataset.string(.sopInstanceUID) }),
            fields: DICOMMetadataFields.fields(meta: h.meta, dataset: ds, pixelData: h.pixelData),
            warnings: warnings)
        metadata.slices = grid.slots.map { slot in
            let record = records[slot]
            return SliceOrigin(file: headers[record.file].path, frame: record.frame,
                               instanceNumber: headers[record.file].dataset.int(.instanceNumber))
        }
        return metadata
    }
}

/// Where each slot's frame goes in the volume buffer. Slots never overlap, so tasks on
/// different slots write concurrently without locks.
struct DICOMFrameTarget: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let frameBytes: Int

    func pointer(_ slot: Int) -> UnsafeMutableRawPointer { base + slot * frameBytes }
}

/// Counts finished units from several threads and reports at most every 1 %.
final class DICOMProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int
    private let phase: String
    private let handler: ProgressHandler?

    init(total: Int, phase: String, handler: ProgressHandler?) {
        self.total = total
        self.phase = phase
        self.handler = handler
    }

    func step() {
        guard let handler else { return }
        lock.lock()
        done += 1
        let now = done
        lock.unlock()
        if now == total || now % max(1, total / 100) == 0 {
            handler(LoadProgress(phase: phase, completed: now, total: total))
        }
    }
}
