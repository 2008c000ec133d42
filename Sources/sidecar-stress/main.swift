// sidecar-stress: a second process for the store's tests. It annotates a small synthetic
// volume that claims to be read from IMAGE (a NIfTI file, hashed for its identity), saving the
// sidecar after every change exactly as the viewer does, so tests can run two of these at once
// or kill one with SIGKILL mid-write.
//
// usage: sidecar-stress IMAGE ANNOTATOR COUNT     (COUNT 0: keep going until killed)
// Prints "saved N" after each save, where N is the number of annotations in the saved sidecar.
import Annotations
import Foundation
import VolumeKit

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: sidecar-stress IMAGE ANNOTATOR COUNT\n".utf8))
    exit(2)
}
let image = arguments[1], annotator = arguments[2]

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
    var session = AnnotationSession(document: last.document, annotator: annotator)
    var n = 0
    while count == 0 || n < count {
        let voxel = SIMD3(n % size, (n / size) % size, n % 4)
        if n % 3 == 2 {
            _ = session.click(.rectangle, at: voxel, plane: .axial, volume: volume)
            _ = session.click(.rectangle, at: SIMD3((voxel.x + 3) % size, (voxel.y + 2) % size, voxel.z),
                              plane: .axial, volume: volume)
        } else {
            _ = session.placeLandmark(at: voxel, plane: .axial, volume: volume)
        }
        let saved = try store.save(session.document, audit: session.takeAuditEvents(), after: last)
        session.adopt(saved.document)
        last = saved
        FileHandle.standardOutput.write(Data("saved \(saved.document.annotations.count)\n".utf8))
        n += 1
    }
} catch {
    FileHandle.standardError.write(Data("sidecar-stress: \(error)\n".utf8))
    exit(1)
}
