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

        var mosaicNote: String?
        switch SiemensMosaic.detect(first.dataset, layout: layout) {
        case .mosaic(let mosaic):
            return try assembleMosaic(headers, records: records, layout: layout, mosaic: mosaic,
                                      progress: progress, cancellation: cancellation)
        case .unusable(let note): mosaicNote = note
        case .notMosaic: break
        }

        let fallback = first.dataset.number(DICOMTag(0x0018, 0x0088)) ?? first.dataset.number(.sliceThickness)
        var grid = DICOMSliceSorter.arrange(records, singleFileFallbackSpacing: fallback)
        if records.count == 1, records[0].pixelSpacing == nil {
            grid.geometry.spacing.x = 1
            grid.geometry.spacing.y = 1
        }

        if let codec = VideoCodec(transferSyntaxUID: first.transferSyntax.uid) {
            return try assembleVideo(headers, codec: codec, records: records, grid: grid, layout: layout,
                                     progress: progress, cancellation: cancellation)
        }

        let luts = try modalityTables(headers, layout)
        let rescales = Set(records.map { [$0.rescale.slope, $0.rescale.intercept] })
        let uniformRescale = rescales.count <= 1 || luts != nil
        let outputType: VoxelType
        if let luts {
            outputType = luts.contains { $0.bitsPerEntry > 8 } ? .uint16 : .uint8
        } else {
            outputType = uniformRescale ? layout.voxelType : .float32
        }
        let outFrameBytes = layout.pixelsPerFrame * layout.samplesPerPixel * outputType.byteCount
        let total = outFrameBytes * grid.slots.count
        let buffer = VoxelBuffer(zeroedByteCount: total)
        MemoryAdvice.preferHugePages(UnsafeMutableRawBufferPointer(start: buffer.mutableBytes, count: total))

        if let luts {
            // Stored samples first, then each slot through its file's Modality LUT.
            let storedFrameBytes = layout.pixelsPerFrame * layout.voxelType.byteCount
            let stored = VoxelBuffer(zeroedByteCount: storedFrameBytes * grid.slots.count)
            try readPixels(headers, records: records, grid: grid, layout: layout, outputType: layout.voxelType,
                           outFrameBytes: storedFrameBytes, into: stored.mutableBytes, progress: progress,
                           cancellation: cancellation)
            for (slot, recordIndex) in grid.slots.enumerated() {
                DICOMLookupTables.map(luts[records[recordIndex].file], stored: layout.voxelType,
                                      from: stored.bytes + slot * storedFrameBytes, samples: layout.pixelsPerFrame,
                                      into: buffer.mutableBytes + slot * outFrameBytes, output: outputType)
            }
        } else {
            try readPixels(headers, records: records, grid: grid, layout: layout, outputType: outputType,
                           outFrameBytes: outFrameBytes, into: buffer.mutableBytes, progress: progress,
                           cancellation: cancellation)
        }

        var metadata = makeMetadata(headers, records: records, grid: grid, layout: layout)
        if let mosaicNote { metadata.warnings.append(mosaicNote) }
        if luts != nil {
            metadata.datatypeName = outputType.rawValue
        } else if !uniformRescale {
            metadata.datatypeName = "float32"
            metadata.warnings.append("slices rescale differently (\(rescales.count) slope/intercept pairs): values converted to float32")
        }
        let rescale = luts != nil ? .identity : uniformRescale ? (records.first?.rescale ?? .identity) : .identity
        return Volume(width: layout.columns, height: layout.rows, depth: grid.depth, timepoints: grid.timepoints,
                      components: layout.samplesPerPixel, voxelType: outputType, rescale: rescale,
                      geometry: grid.geometry, buffer: buffer, metadata: metadata)
    }

    /// Siemens mosaic files, each one volume (several: a time series or diffusion directions,
    /// in acquisition order), unpacked into slices with the mosaic geometry.
    private static func assembleMosaic(_ headers: [DICOMHeader], records: [DICOMFrameRecord], layout: DICOMPixelLayout,
                                       mosaic: SiemensMosaic, progress: ProgressHandler?,
                                       cancellation: LoadCancellation?) throws(VolumeKitError) -> Volume {
        guard records.count == headers.count else {
            throw .unsupported(path: headers[0].path, detail: "a Siemens mosaic with \(layout.frames) frames")
        }
        for h in headers.dropFirst() {
            guard let l = try? DICOMPixelLayout(h.dataset, pixelTag: h.pixelData?.tag ?? .pixelData, path: h.path),
                  SiemensMosaic.detect(h.dataset, layout: l) == .mosaic(mosaic) else {
                throw .malformed(path: h.path, detail: "this file of the series is not a Siemens mosaic of \(mosaic.images) slices like the rest")
            }
        }
        let order = records.indices.sorted { a, b in
            let ra = records[a], rb = records[b]
            let ka = ra.temporal ?? Double(ra.order), kb = rb.temporal ?? Double(rb.order)
            return ka != kb ? ka < kb : ra.file < rb.file
        }
        let rescales = Set(records.map { [$0.rescale.slope, $0.rescale.intercept] })
        let uniformRescale = rescales.count <= 1
        let outputType: VoxelType = uniformRescale ? layout.voxelType : .float32
        let sampleBytes = layout.samplesPerPixel * outputType.byteCount
        let mosaicBytes = layout.pixelsPerFrame * sampleBytes
        let volumeBytes = mosaic.tileColumns * mosaic.tileRows * mosaic.images * sampleBytes
        let buffer = VoxelBuffer(zeroedByteCount: volumeBytes * order.count)
        let target = DICOMFrameTarget(base: buffer.mutableBytes, frameBytes: volumeBytes)
        let failure = DICOMFirstError()
        let counter = DICOMProgressCounter(total: order.count, phase: "reading pixel data", handler: progress)
        DispatchQueue.concurrentPerform(iterations: order.count) { t in
            guard failure.error == nil, cancellation?.isCancelled != true else { return }
            let record = records[order[t]]
            let frame = UnsafeMutableRawPointer.allocate(byteCount: max(mosaicBytes, 1), alignment: 16)
            defer { frame.deallocate() }
            do {
                let reader = try DICOMPixelReader(header: headers[record.file], layout: layout)
                try reader.readFrame(0, into: frame, output: outputType, rescale: record.rescale)
                mosaic.unpack(frame, mosaicColumns: layout.columns, sampleBytes: sampleBytes, into: target.pointer(t))
            } catch {
                failure.record(error)
            }
            counter.step()
        }
        if cancellation?.isCancelled == true { throw .cancelled(path: headers[0].path) }
        try failure.check()

        let ds = headers[records[order[0]].file].dataset
        let geometry = mosaic.geometry(records[order[0]], mosaicColumns: layout.columns, mosaicRows: layout.rows,
                                       sliceSpacing: ds.number(DICOMTag(0x0018, 0x0088)) ?? ds.number(.sliceThickness))
        let slots = order.flatMap { Array(repeating: $0, count: mosaic.images) }
        let grid = DICOMSliceGrid(depth: mosaic.images, timepoints: order.count, slots: slots, geometry: geometry, warnings: [])
        var metadata = makeMetadata(headers, records: records, grid: grid, layout: layout)
        if !uniformRescale {
            metadata.datatypeName = "float32"
            metadata.warnings.append("volumes rescale differently (\(rescales.count) slope/intercept pairs): values converted to float32")
        }
        return Volume(width: mosaic.tileColumns, height: mosaic.tileRows, depth: mosaic.images, timepoints: order.count,
                      components: layout.samplesPerPixel, voxelType: outputType,
                      rescale: uniformRescale ? records[0].rescale : .identity,
                      geometry: geometry, buffer: buffer, metadata: metadata)
    }

    /// Each file's Modality LUT Sequence table, or nil when the images have none (or are not
    /// grey integers, which a Modality LUT does not apply to). The LUT replaces Rescale
    /// Slope/Intercept, as in pydicom's `apply_modality_lut`.
    private static func modalityTables(_ headers: [DICOMHeader], _ layout: DICOMPixelLayout) throws(VolumeKitError) -> [LookupTable]? {
        guard layout.samplesPerPixel == 1, !layout.isPalette, !layout.isFloat, layout.bitsAllocated > 1 else { return nil }
        let tables = headers.map { DICOMLookupTables.modality($0.dataset) }
        guard tables.contains(where: { $0 != nil }) else { return nil }
        if let missing = zip(headers, tables).first(where: { $0.1 == nil }) {
            throw .unsupported(path: missing.0.path, detail: "this file has no Modality LUT Sequence (0028,3000) where the rest of its series has one")
        }
        return tables.map { $0! }
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

    static func makeMetadata(_ headers: [DICOMHeader], records: [DICOMFrameRecord], grid: DICOMSliceGrid,
                                     layout: DICOMPixelLayout) -> VolumeMetadata {
        let firstRecord = records[grid.slots[0]]
        let h = headers[firstRecord.file]
        let ds = h.dataset
        var fileOrder: [Int] = []
        var seen = Set<Int>()
        for slot in grid.slots where seen.insert(records[slot].file).inserted { fileOrder.append(records[slot].file) }
        let centers = ds.numbers(.windowCenter), widths = ds.numbers(.windowWidth)
        let explanations = ds.strings(.windowExplanation)
        let function = DICOMLookupTables.windowFunction(ds)
        let tables = layout.samplesPerPixel == 1 && !layout.isPalette ? DICOMLookupTables.voi(ds) : []
        // VOI LUT tables first, as pydicom's `apply_voi_lut` prefers them to the windows.
        let voiWindows = tables.enumerated().map { n, table in
            WindowLevel(lut: table, name: table.explanation.isEmpty
                ? (tables.count > 1 ? "file VOI LUT \(n + 1)" : "file VOI LUT") : table.explanation)
        }
        let windows = voiWindows + zip(centers, widths).enumerated().compactMap { n, cw -> WindowLevel? in
            guard cw.1 > 0 else { return nil }
            let name = n < explanations.count && !explanations[n].isEmpty ? explanations[n] : "file window \(n + 1)"
            return WindowLevel(center: cw.0, width: cw.1, name: name, function: function)
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
