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
