import ArgumentParser
import Dataset
import Foundation
import Glibc
import VolumeKit

extension Slicemark {
    struct Deid: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write de-identified copies (PS3.15 Basic Application Level Confidentiality Profile), or check a folder of them.",
            discussion: """
                DICOM goes to DIR/<pseudonym>/<new StudyUID>/<new SeriesUID>/<new SOPUID>.dcm; NIfTI keeps \
                its relative path (--rename: a neutral name). Every pseudonym, UID and date offset comes from \
                the secret in the map file, so reruns and shards (--shard I/N) agree. The inputs are never \
                changed. See docs/deid.md.
                """)

        @Option(help: "The output folder (created if missing).")
        var out: String?

        @Option(help: "The map file (CSV kind,id_old,id_new with the secret); created owner-only if missing; never inside --out.")
        var map: String?

        @Option(name: .customLong("verify"), help: "Check a de-identified folder instead: exit 1 naming every file and element that still looks identifying.")
        var verifyFolder: String?

        @Flag(help: "Retain Longitudinal Temporal Information Full Dates Option: keep dates and times.")
        var retainDates = false
        @Flag(help: "Retain Longitudinal Temporal Information Modified Dates Option: move every date of a patient by one offset.")
        var shiftDates = false
        @Flag(help: "Retain Device Identity Option.")
        var retainDevice = false
        @Flag(help: "Retain Institution Identity Option.")
        var retainInstitution = false
        @Flag(help: "Retain Patient Characteristics Option (age, sex, size, weight, …).")
        var retainPatientCharacteristics = false
        @Flag(name: .customLong("retain-uids"), help: "Retain UIDs Option: keep every UID (no pseudonymous UIDs).")
        var retainUIDs = false
        @Flag(help: "Clean Descriptors Option: keep descriptions and comments with identifying values taken out.")
        var cleanDescriptors = false
        @Flag(help: "Clean Structured Content Option: keep SR content (Content Sequence, Acquisition Context) with identifying values taken out.")
        var cleanStructuredContent = false
        @Flag(help: "Clean Graphics Option: keep graphic annotations, overlays and curves with identifying text taken out.")
        var cleanGraphics = false
        @Flag(help: "Retain Safe Private Option: keep the private attributes --safe-private-list names (with their creators); every other private element is removed.")
        var retainSafePrivate = false
        @Option(help: "The safe private attributes, one a line: GROUP,PRIVATE CREATOR,ELEMENT[,NAME] in hexadecimal (0029,SIEMENS CSA HEADER,10). With --retain-safe-private; also accepted by --verify.")
        var safePrivateList: String?
        @Option(help: "Blank rectangles x,y,w,h;… in every frame of uncompressed pixel data (Clean Pixel Data Option).")
        var cleanPixels: String?
        @Flag(help: "Give NIfTI files neutral names derived from the secret.")
        var rename = false

        @Option(help: "A file listing paths, one a line, to de-identify as well.")
        var filesFrom: String?
        @Option(help: "Only shard I of N (1-based), split by the hash of each file's path.")
        var shard: String?

        @Argument(help: "DICOM and NIfTI files or folders; sidecars and label maps beside them go along.")
        var paths: [String] = []

        func validate() throws {
            if verifyFolder != nil { return }
            if retainSafePrivate != (safePrivateList != nil) {
                throw ValidationError("--retain-safe-private and --safe-private-list go together: the list names the private attributes your vendors' conformance statements (and PS3.15 Table E.3.10-1) call safe")
            }
            guard out != nil, map != nil else { throw ValidationError("give --out DIR and --map FILE (or --verify DIR)") }
            if paths.isEmpty && filesFrom == nil { throw ValidationError("give the files or folders to de-identify") }
            if retainDates && shiftDates { throw ValidationError("--retain-dates and --shift-dates exclude each other") }
        }

        var options: Set<DeidOption> {
            var o = Set<DeidOption>()
            if retainDates { o.insert(.retainFullDates) }
            if shiftDates { o.insert(.retainModifiedDates) }
            if retainDevice { o.insert(.retainDeviceIdentity) }
            if retainInstitution { o.insert(.retainInstitutionIdentity) }
            if retainPatientCharacteristics { o.insert(.retainPatientCharacteristics) }
            if retainUIDs { o.insert(.retainUIDs) }
            if cleanDescriptors { o.insert(.cleanDescriptors) }
            if cleanStructuredContent { o.insert(.cleanStructuredContent) }
            if cleanGraphics { o.insert(.cleanGraphics) }
            if retainSafePrivate { o.insert(.retainSafePrivate) }
            return o
        }

        func run() throws {
            if let verifyFolder { return try verify(verifyFolder) }
            guard let out, let map else { return }
            do {
                let rectangles = try cleanPixels.map { try PixelRectangle.parse($0) } ?? []
                let safe = try safePrivateList.map { path throws(DeidError) in try SafePrivateList.read(path: path) }
                let shard = try shard.map { try Shard(parsing: $0) } ?? .whole
                let files = try DatasetFiles.collect(paths: paths, filesFrom: filesFrom, shard: shard)
                let theMap = try DeidMap.open(path: map, outputFolder: out)
                if mkdir(out, 0o700) != 0 && errno != EEXIST {
                    Output.error("\(out): cannot create the output folder: \(String(cString: strerror(errno)))")
                    throw ExitCode(1)
                }
                if theMap.created { Output.errorLines("deid: created the map file \(map) (owner-only); keep it safe, it links pseudonyms to patients") }
                for link in files.skippedLinks { Output.errorLines("deid: not following the symbolic link \(link)") }
                let job = DeidJob(out: out, map: theMap, settings: DeidSettings(options: options, cleanPixels: rectangles, safePrivate: safe), rename: rename)
                let interactive = isatty(STDERR_FILENO) == 1
                let report = job.run(files.files) { n, total, key in
                    if interactive {
                        progressLine("deid: \(n)/\(total) \(key)")
                    } else if n == total || n % 100 == 0 {
                        Output.errorLines("deid: \(n)/\(total)")
                    }
                }
                if interactive { progressLine("") }
                for line in report.lines(options: options) { Output.print(line) }
                if !report.skipped.isEmpty { throw ExitCode(1) }
            } catch let error as DatasetInputError {
                Output.error(error.description)
                throw ExitCode(2)
            } catch let error as DeidError {
                Output.error(error.description)
                throw ExitCode(1)
            }
        }

        func verify(_ folder: String) throws {
            var info = stat()
            guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                Output.error("\(folder): no such folder")
                throw ExitCode(2)
            }
            let safe: SafePrivateList?
            do { safe = try safePrivateList.map { path throws(DeidError) in try SafePrivateList.read(path: path) } } catch {
                Output.error(error.description)
                throw ExitCode(2)
            }
            let (findings, checked) = DeidVerify.scan(folder, safePrivate: safe)
            for f in findings {
                Output.print("\(f.path)\(f.place.isEmpty ? "" : " \(f.place)"): \(f.why)")
            }
            Output.print("verify: \(checked) file(s) checked, \(findings.count) finding(s)")
            if !findings.isEmpty { throw ExitCode(1) }
        }
    }
}

/// One progress line on stderr, rewritten in place (an interactive terminal only).
private func progressLine(_ text: String) {
    let line = "\r\u{1B}[K" + TerminalSafeText.make(String(text.prefix(160)))
    let bytes = Array(line.utf8)
    _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
