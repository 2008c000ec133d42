extension LabelTable {
    /// The table in ITK-SNAP's label description format, as ITK-SNAP writes it: its comment
    /// block, then `Clear Label` for 0, then one line per entry in the table's order (an entry
    /// for 0 is not written: ITK-SNAP's 0 is always the clear label).
    ///
    /// The format has no escapes, so a name is written with control characters as spaces and
    /// double quotes as single quotes; every other character is kept.
    public func itkSnapText() -> String {
        var out = Self.itkSnapHeader
        out += Self.itkSnapLine(value: 0, color: LabelColor(red: 0, green: 0, blue: 0), alpha: 0,
                                visible: false, mesh: false, name: "Clear Label")
        for entry in entries where entry.value != 0 {
            out += Self.itkSnapLine(value: entry.value, color: entry.color, alpha: entry.opacity,
                                    visible: entry.visible, mesh: entry.meshVisible, name: Self.safeName(entry.name))
        }
        return out
    }

    static let itkSnapHeader = """
        ################################################
        # ITK-SnAP Label Description File
        # File format: 
        # IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL
        # Fields: 
        #    IDX:   Zero-based index 
        #    -R-:   Red color component (0..255)
        #    -G-:   Green color component (0..255)
        #    -B-:   Blue color component (0..255)
        #    -A-:   Label transparency (0.00 .. 1.00)
        #    VIS:   Label visibility (0 or 1)
        #    IDX:   Label mesh visibility (0 or 1)
        #  LABEL:   Label description 
        ################################################

        """

    static func itkSnapLine(value: UInt16, color: LabelColor, alpha: Double, visible: Bool, mesh: Bool,
                            name: String) -> String {
        func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        return pad("\(value)", 5) + pad("\(color.red)", 6) + pad("\(color.green)", 5) + pad("\(color.blue)", 5)
            + pad(alphaText(alpha), 9) + pad(visible ? "1" : "0", 3) + pad(mesh ? "1" : "0", 3)
            + "    \"" + name + "\"\n"
    }

    /// At most two decimals, no trailing zeros: 1, 0.5, 0.25 (as ITK-SNAP prints them).
    static func alphaText(_ alpha: Double) -> String {
        let hundredths = Int((max(0, min(1, alpha.isFinite ? alpha : 1)) * 100).rounded())
        if hundredths % 100 == 0 { return "\(hundredths / 100)" }
        let fraction = hundredths % 10 == 0 ? "\(hundredths / 10)" : (hundredths < 10 ? "0\(hundredths)" : "\(hundredths)")
        return "0." + fraction
    }

    static func safeName(_ name: String) -> String {
        String(String.UnicodeScalarView(name.unicodeScalars.map { s -> Unicode.Scalar in
            if s == "\"" { return "'" }
            if s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s == "\u{2028}" || s == "\u{2029}" { return " " }
            return s
        }))
    }
}
