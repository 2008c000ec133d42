// Generated from Keymaps/*.json so that every build of slicemark carries its keymaps;
// `KeymapTests` fails when this drifts from the files and rewrites it when
// SLICEMARK_RECORD=1 is set.

enum BuiltinKeymaps {
    static let all: [(name: String, json: String)] = [
        ("default", defaultJSON),
        ("workstation", workstationJSON),
    ]

    static let defaultJSON = #"""
{
  "name": "default",
  "description": "slicemark's own keys: vi-style cursor, brackets for slices.",
  "bindings": {
    "q": "quit",
    "?": "help",
    "Esc": "panel.close",
    "Ctrl-L": "redraw",
    ":": "command-line",
    "i": "metadata",
    "o": "image.pick",
    "n": "image.next",
    "p": "image.previous",

    "]": "slice.next",
    "[": "slice.previous",
    "}": "slice.next10",
    "{": "slice.previous10",
    "PageDown": "slice.next10",
    "PageUp": "slice.previous10",
    "g": "slice.first",
    "G": "slice.last",
    ")": "time.next",
    "(": "time.previous",

    "Left": "cursor.left",
    "Right": "cursor.right",
    "Up": "cursor.up",
    "Down": "cursor.down",
    "h": "cursor.left",
    "l": "cursor.right",
    "k": "cursor.up",
    "j": "cursor.down",
    "H": "cursor.left10",
    "L": "cursor.right10",
    "K": "cursor.up10",
    "J": "cursor.down10",
    "Home": "cursor.centre",

    "a": "plane.axial",
    "c": "plane.coronal",
    "s": "plane.sagittal",
    "t": "plane.three",

    "w": "window.next-preset",
    "Ctrl-W": "window.previous-preset",
    "W": "window.auto",
    ">": "window.wider",
    "<": "window.narrower",
    ".": "window.level-up",
    ",": "window.level-down",
    "I": "window.invert",

    "+": "zoom.in",
    "=": "zoom.in",
    "-": "zoom.out",
    "0": "zoom.fit",
    "Shift-Left": "pan.left",
    "Shift-Right": "pan.right",
    "Shift-Up": "pan.up",
    "Shift-Down": "pan.down",
    "C": "color.next",

    "m": "annotate.landmark",
    "r": "annotate.rectangle",
    "e": "annotate.ellipse",
    "v": "annotate.polygon",
    "d": "annotate.distance",
    "Enter": "annotate.finish",
    "M": "annotate.move",
    "A": "annotate.list",
    "1": "label.1",
    "2": "label.2",
    "3": "label.3",
    "4": "label.4",
    "5": "label.5",
    "6": "label.6",
    "7": "label.7",
    "8": "label.8",
    "9": "label.9",
    "u": "annotate.undo",
    "Ctrl-R": "annotate.redo",
    "x": "annotate.delete",
    "Tab": "annotate.select-next",
    "Shift-Tab": "annotate.select-previous"
  }
}
"""#

    static let workstationJSON = #"""
{
  "name": "workstation",
  "description": "For hands used to PACS workstations, ITK-SNAP and 3D Slicer (Up/Down and f/b step slices there too): the arrow keys and Page keys scroll slices, Shift+arrows and h j k l move the cursor, Ctrl-Z undoes. Laid over the default keymap.",
  "bindings": {
    "Up": "slice.next",
    "Down": "slice.previous",
    "PageUp": "slice.next10",
    "PageDown": "slice.previous10",
    "Home": "slice.first",
    "End": "slice.last",
    "Left": "time.previous",
    "Right": "time.next",
    "f": "slice.next",
    "b": "slice.previous",
    "Shift-Left": "cursor.left",
    "Shift-Right": "cursor.right",
    "Shift-Up": "cursor.up",
    "Shift-Down": "cursor.down",
    "1": "plane.axial",
    "2": "plane.sagittal",
    "3": "plane.coronal",
    "4": "plane.three",
    "F1": "help",
    "Ctrl-Z": "annotate.undo",
    "Ctrl-Y": "annotate.redo",
    "Delete": "annotate.delete",
    "Ctrl-P": "annotate.polygon",
    "Ctrl-D": "annotate.distance",
    "Ctrl-F": "zoom.fit",
    "F2": "label.1",
    "F3": "label.2",
    "F4": "label.3",
    "F5": "label.4",
    "F6": "label.5",
    "F7": "label.6",
    "F8": "label.7",
    "F9": "label.8",
    "F10": "label.9"
  }
}
"""#
}
