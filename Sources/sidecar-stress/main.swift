// sidecar-stress: a second process for the store's tests. It annotates a small synthetic
// volume that claims to be read from IMAGE (a NIfTI file, hashed for its identity), saving the
// sidecar after every change exactly as the viewer does, so tests can run two of these at once
// or kill one with SIGKILL mid-write.
//
// usage: sidecar-stress IMAGE ANNOTATOR COUNT [options]
//   (COUNT 0 without --rename: keep going until killed)
//   --clock-offset SECONDS  this process's clock runs that far ahead (negative: behind)
//   --seed N                seed of the record ids (default: random)
//   --touch ID              also rename annotation ID at every step (the same record edited
//                           by several processes)
//   --rename ID NAME        after the COUNT steps: rename annotation ID to NAME, then save
//   --wait-for PATH         before that last save, wait until PATH exists (at most 30 s)
//   --signal PATH           after the last save, create PATH
//   --ready PATH            create PATH once the sidecar has been read
// Prints "saved N" after each save, where N is the number of annotations in the saved sidecar.
import Annotations
import Foundation
import VolumeKit

func fail(_ text: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("sidecar-stress: \(text)\n".utf8))
    exit(status)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 3, let count = Int(arguments[2]) else {
    fail("usage: sidecar-stress IMAGE ANNOTATOR COUNT [--clock-offset S] [--seed N] [--touch ID] [--rename ID NAME] [--wait-for PATH] [--signal PATH]")
}
let image = arguments[0], annotator = arguments[1]
var clockOffset: Int64 = 0
var seed = UInt64.random(in: 0 ... .max)
var touch: UUID?
var rename: (UUID, String)?
var waitFor: String?, signal: String?, ready: String?
var rest = arguments.dropFirst(3)[...]
@MainActor func value(_ option: String) -> String {
    guard let v = rest.popFirst() else { fail("\(option) needs a value") }
    return v
}
while let option = rest.popFirst() {
    switch option {
    case "--clock-offset": clockOffset = Int64(value(option)).map { $0 * 1000 } ?? { fail("--clock-offset: not a number") }()
    case "--seed": seed = UInt64(value(option)) ?? { fail("--seed: not a number") }()
    case "--touch": touch = UUID(uuidString: value(option)) ?? { fail("--touch: not an id") }()
    case "--rename":
        let id = UUID(uuidString: value(option)) ?? { fail("--rename: not an id") }()
        rename = (id, value(option))
    case "--wait-for": waitFor = value(option)
    case "--signal": signal = value(option)
    case "--ready": ready = value(option)
    default: fail("unknown option \(option)")
    }
}

@MainActor func now() -> Timestamp {
    Timestamp(millisecondsSince1970: Timestamp.now().millisecondsSince1970 + clockOffset)
}

let size = 16
let buffer = VoxelBuffer(zeroedByteCount: size * size * 4 * 2)
let samples = buffer.mutableBytes.assumingMemoryBound(to: Int16.self)
for n in 0..<(size * size * 4) { samples[n] = Int16(n % 97) }
let volume = Volume(width: size, height: size, depth: 4, voxelType: .int16,
                    geometry: VolumeGeometry(origin: [-10, 20, 5], spacing: [0.5, 0.5, 2]),
                    buffer: buffer,
                    metadata: VolumeMetadata(format: .nifti, sourceFiles: [image], datatypeName: "int16"))

do {
    let store = try AnnotationStore(volume: volume)
    var last = try store.load()
    var session = AnnotationSession(document: last.document, annotator: annotator, ids: RecordIDs(seed: seed), now: now())
    if let ready { _ = FileManager.default.createFile(atPath: ready, contents: Data()) }
    func save() throws {
        let saved = try store.save(session.document, audit: session.takeAuditEvents(), after: last)
        session.adopt(saved.document)
        last = saved
        FileHandle.standardOutput.write(Data("saved \(saved.document.annotations.count)\n".utf8))
    }
    var n = 0
    let forever = count == 0 && rename == nil
    while forever || n < count {
        let voxel = SIMD3(n % size, (n / size) % size, n % 4)
        session.now = now()
        if n % 3 == 2 {
            _ = session.click(.rectangle, at: voxel, plane: .axial, volume: volume)
            _ = session.click(.rectangle, at: SIMD3((voxel.x + 3) % size, (voxel.y + 2) % size, voxel.z),
                              plane: .axial, volume: volume)
        } else {
            _ = session.placeLandmark(at: voxel, plane: .axial, volume: volume)
        }
        if let touch {
            session.select(touch)
            _ = session.renameSelected(to: "\(annotator) \(n)")
        }
        try save()
        n += 1
    }
    if let (id, name) = rename {
        session.now = now()
        session.select(id)
        guard session.selection == id else { fail("no annotation \(id) to rename", status: 1) }
        _ = session.renameSelected(to: name)
        if let waitFor {
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: waitFor), Date() < deadline { usleep(5000) }
        }
        try save()
    }
    if let signal { _ = FileManager.default.createFile(atPath: signal, contents: Data()) }
} catch {
    fail("\(error)", status: 1)
}
