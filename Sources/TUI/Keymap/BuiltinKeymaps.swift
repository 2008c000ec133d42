// Generated from Keymaps/*.json so that every build of slicemark carries its keymaps;
// `KeymapTests` fails when this drifts from the files and rewrites it when
// SLICEMARK_RECORD=1 is set.

enum BuiltinKeymaps {
    static let all: [(name: String, json: String)] = [
        ("workstation", workstationJSON),
    ]

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
