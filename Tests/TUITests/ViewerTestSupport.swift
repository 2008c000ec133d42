import Foundation
import Rendering
import TestSupport
import VolumeKit
@testable import TUI

/// A viewer state with a small synthetic volume already open.
func openState(_ volume: Volume = SyntheticVolume.ramp(width: 20, height: 16, depth: 12),
               images: Int = 1, columns: Int = 80, rows: Int = 24) -> ViewerState {
    let sources = (0..<images).map { ImageSource.file(path: "/data/image\($0).nii", format: .nifti) }
    var state = ViewerState(keymap: KeymapLoader.defaultKeymap,
                            options: ViewerOptions(colorMode: .truecolor, annotator: "tester"), images: sources)
    state.screenColumns = columns
    state.screenRows = rows
    Reducer.open(&state, ImageDocument(volume: volume, title: "ramp.nii"))
    return state
}

/// Feeds key spellings ("]", "Ctrl-R", "Up") through the reducer; returns all effects.
@discardableResult
func press(_ state: inout ViewerState, _ spellings: String...) -> [Effect] {
    var effects: [Effect] = []
    for spelling in spellings {
        effects += Reducer.reduce(&state, .input(.key(Key(spelling: spelling)!)))
    }
    return effects
}

func type(_ state: inout ViewerState, _ text: String) -> [Effect] {
    var effects = press(&state, ":")
    for c in text { effects += Reducer.reduce(&state, .input(.key(.character(c)))) }
    return effects + press(&state, "Enter")
}

/// The rows of a grid as strings of glyphs.
func text(_ grid: CellGrid) -> [String] {
    (0..<grid.rows).map { row in String(String.UnicodeScalarView((0..<grid.columns).map { grid[$0, row].glyph })) }
}

/// Does what the run loop's saving thread does with the writes and polls among `effects`, at
/// once, and feeds the outcomes back through the reducer; returns the other effects.
@discardableResult
func performFiles(_ state: inout ViewerState, _ effects: [Effect]) -> [Effect] {
    var rest: [Effect] = []
    for effect in effects {
        switch effect {
        case .write(let request):
            do {
                let snapshot = try request.store.save(request.document, audit: request.audit)
                rest += Reducer.reduce(&state, .saved(SaveResult(snapshot: snapshot, generation: request.generation,
                                                                 sequence: request.sequence)))
            } catch {
                rest += Reducer.reduce(&state, .saveFailed(SaveFailure(reason: "\(error)", audit: request.audit,
                                                                       generation: request.generation, sequence: request.sequence)))
            }
        case .poll(let request):
            guard request.store.hasChanged(since: request.seen), let snapshot = try? request.store.load() else { continue }
            rest += Reducer.reduce(&state, .externalChange(snapshot, generation: request.generation))
        default:
            rest.append(effect)
        }
    }
    return rest
}

/// Whether `effects` ask for a sidecar write.
func writes(_ effects: [Effect]) -> Int {
    effects.filter { if case .write = $0 { true } else { false } }.count
}

/// A fresh folder holding a stand-in `ct.nii` (only its bytes are hashed) and a ramp volume
/// that names it as its file, for tests with a real sidecar store.
func standInImageFolder() throws -> (folder: String, file: String, volume: Volume) {
    let folder = NSTemporaryDirectory() + "slicemark-wire-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let file = folder + "/ct.nii"
    try Data("stand-in image bytes".utf8).write(to: URL(fileURLWithPath: file))
    var volume = SyntheticVolume.ramp(width: 20, height: 16, depth: 12)
    volume.metadata = VolumeMetadata(format: .nifti, sourceFiles: [file], datatypeName: "int16")
    return (folder, file, volume)
}
