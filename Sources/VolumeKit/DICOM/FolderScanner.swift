import Foundation

/// Finds everything under a folder that opens as a volume: DICOM files grouped into series
/// (by Series Instance UID, split where orientation, matrix size, samples or bits per pixel or
/// transfer syntax change, with a warning naming the files when a UID's files differ in size
/// or transfer syntax: `DICOMSeriesSplit`), and NIfTI/Analyze
/// files. Anything else (reports, DICOMDIR, text, structured reports) is skipped silently.
enum FolderScanner {
    static func scan(folder: String, progress: ProgressHandler?) throws -> [ImageSource] {
        let files = try listFiles(folder)
        let known = Set(files)
        let candidates = files.filter { !isSecondHalfOfPair($0, in: known) && !isOrphanHeader($0, in: known) && !isDICOMDIR($0) }
        let found = ConcurrentSlots<Found>(count: candidates.count)
        let counter = DICOMProgressCounter(total: candidates.count, phase: "scanning \(folder)", handler: progress)
        DispatchQueue.concurrentPerform(iterations: candidates.count) { n in
            if let f = classify(candidates[n]) { found.set(n, f) }
            counter.step()
        }
        return group(found.all.compactMap { $0 })
    }

    enum Found: Sendable {
        case volume(path: String, format: ImageFormat)
        case dicom(path: String, key: String, title: DICOMSeriesTitle, facts: DICOMSeriesSplit.Facts)
    }

    struct DICOMSeriesTitle: Sendable {
        var modality: String
        var seriesNumber: String
        var description: String
    }

    /// Regular files under `folder`, recursively, hidden ones left out, sorted by path.
    /// Symbolic links are not followed (as with FileManager's enumerator); paths are absolute.
    /// A plain readdir walk: FileManager's URL enumerator with resource values cost ~10 ms for
    /// a 300-file series on the path to the first image.
    static func listFiles(_ folder: String) throws -> [String] {
        let root = URL(fileURLWithPath: folder).path
        var files: [String] = []
        guard walk(root, into: &files) else {
            throw VolumeKitError.unreadable(path: folder, reason: "the folder cannot be listed")
        }
        return files.sorted()
    }

    private static func walk(_ folder: String, into files: inout [String]) -> Bool {
        guard let dir = opendir(folder) else { return false }
        defer { closedir(dir) }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name.hasPrefix(".") { continue }  // ".", "..", hidden files and folders
            let path = prefix + name
            var type = Int(entry.pointee.d_type)
            if type == Int(DT_UNKNOWN) {
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: type = Int(DT_DIR)
                case S_IFREG: type = Int(DT_REG)
                default: continue
                }
            }
            if type == Int(DT_DIR) {
                _ = walk(path, into: &files)
            } else if type == Int(DT_REG) {
                files.append(path)
            }
        }
        return true
    }

    /// The `.img` (or `.img.gz`, any case) of an Analyze/NIfTI pair is read through its `.hdr`.
    static func isSecondHalfOfPair(_ path: String, in files: Set<String>) -> Bool {
        guard NIfTIFileNames.hasExtension(path, "img") else { return false }
        return NIfTIFileNames.partnerCandidates(of: path, ext: "img", partner: "hdr").contains(where: files.contains)
    }

    /// A `.hdr` (any case) whose image file is not there holds no image (a pair copied half-way).
    static func isOrphanHeader(_ path: String, in files: Set<String>) -> Bool {
        guard NIfTIFileNames.hasExtension(path, "hdr") else { return false }
        return !NIfTIFileNames.partnerCandidates(of: path, ext: "hdr", partner: "img").contains(where: files.contains)
    }

    static func isDICOMDIR(_ path: String) -> Bool {
        (path as NSString).lastPathComponent.uppercased() == "DICOMDIR"
    }

    static func classify(_ path: String) -> Found? {
        guard let file = try? ReadableFile(path: path), file.size > 0,
              let head = try? file.bytes(offset: 0, count: DICOMHeader.headSize) else { return nil }
        // Only NIfTI/Analyze are read gzipped, and only under their own names: other .gz files
        // (AFNI BRIK, archives) are not images for slicemark.
        if head.count >= 2, head[0] == 0x1F, head[1] == 0x8B,
           !(NIfTIFileNames.hasExtension(path, "nii") || NIfTIFileNames.hasExtension(path, "hdr")) { return nil }
        guard let format = try? FormatSniffer.format(of: Data(head.prefix(352)), path: path) else { return nil }
        guard format == .dicom else { return .volume(path: path, format: format) }
        guard let header = try? DICOMHeader.read(file, head: head), header.pixelData != nil else { return nil }
        DICOMHeaderCache.shared.store(header, for: file)
        let ds = header.dataset
        // A directory record file under another name is not an image either.
        if ds.string(.sopClassUID) == "1.2.840.10008.1.3.10" { return nil }
        let series = ds.string(.seriesInstanceUID) ?? "no series UID: \(path)"
        let orientation = ds.numbers(.imageOrientationPatient).prefix(6).map { String(format: "%.4f", $0) }.joined(separator: ",")
        let frames = ds.int(.numberOfFrames) ?? 1
        let facts = DICOMSeriesSplit.Facts(columns: ds.int(.columns) ?? 0, rows: ds.int(.rows) ?? 0,
                                           samplesPerPixel: ds.int(.samplesPerPixel) ?? 1,
                                           bitsAllocated: ds.int(.bitsAllocated) ?? 0,
                                           transferSyntaxUID: header.transferSyntax.uid,
                                           transferSyntaxName: header.transferSyntax.name)
        // Files of one series that differ in size or transfer syntax are read apart (and told).
        let key = "\(series)|\(orientation)|\(facts.key)|\(frames > 1 ? path : "")"
        return .dicom(path: path, key: key,
                      title: DICOMSeriesTitle(modality: ds.string(.modality) ?? "DICOM",
                                              seriesNumber: ds.string(.seriesNumber) ?? "",
                                              description: ds.string(.seriesDescription) ?? ""),
                      facts: facts)
    }

    /// Series keep the order of their first file; everything is ordered by path.
    static func group(_ found: [Found]) -> [ImageSource] {
        var order: [(path: String, source: ImageSource?)] = []
        var seriesIndex: [String: Int] = [:]
        var members: [[String]] = []
        var titles: [DICOMSeriesTitle] = []
        var keys: [String] = []
        var facts: [DICOMSeriesSplit.Facts] = []
        for f in found {
            switch f {
            case .volume(let path, let format):
                order.append((path, .file(path: path, format: format)))
            case .dicom(let path, let key, let title, let fact):
                if let n = seriesIndex[key] {
                    members[n].append(path)
                } else {
                    seriesIndex[key] = members.count
                    members.append([path])
                    titles.append(title)
                    keys.append(key)
                    facts.append(fact)
                    order.append((path, nil))
                }
            }
        }
        let uids = keys.map { String($0.prefix { $0 != "|" }) }
        let splits = DICOMSeriesSplit.warnings(members.indices.map { (members[$0], facts[$0], uids[$0]) })
        var result: [ImageSource] = []
        var nextSeries = 0
        for entry in order {
            if let source = entry.source {
                result.append(source)
                continue
            }
            let n = nextSeries
            nextSeries += 1
            let files = members[n]
            let folder = commonFolder(files)
            let t = titles[n]
            var title = t.modality
            if !t.seriesNumber.isEmpty { title += " series \(t.seriesNumber)" }
            if !t.description.isEmpty { title += " · \(t.description)" }
            if !splits[n].isEmpty { title += " · \(facts[n].text)" }
            title += " · \(files.count) file\(files.count == 1 ? "" : "s") · \(folder)"
            result.append(.dicomSeries(DICOMSeriesSource(folder: folder, seriesInstanceUID: uids[n], files: files, title: title,
                                                         warnings: splits[n])))
        }
        return result
    }

    static func commonFolder(_ files: [String]) -> String {
        var parts = (files[0] as NSString).deletingLastPathComponent.split(separator: "/", omittingEmptySubsequences: false)
        for file in files.dropFirst() {
            let other = (file as NSString).deletingLastPathComponent.split(separator: "/", omittingEmptySubsequences: false)
            var n = 0
            while n < parts.count, n < other.count, parts[n] == other[n] { n += 1 }
            parts = Array(parts.prefix(n))
        }
        let joined = parts.joined(separator: "/")
        return joined.isEmpty ? "/" : joined
    }
}
