import Testing
@testable import Annotations

@Suite struct LabelTableTests {
    /// A label description file as ITK-SNAP 3.x/4.x saves one (its comment block, trailing
    /// spaces included; fixed-width columns; 0 = "Clear Label"), with a half-transparent,
    /// hidden label and a value above 255.
    static let itkSnapFile = """
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
            0     0    0    0        0  0  0    "Clear Label"
            1   255    0    0        1  1  1    "Liver"
            2     0  255    0      0.5  0  1    "Hepatic vein (right)"
            7   255  239  213        1  1  0    "Tumour \"A\""
          300   102  205  170     0.25  1  1    "Label 300"

        """

    @Test func readsITKSnapFile() throws {
        let (table, format) = try LabelTable.parseDetectingFormat(Self.itkSnapFile, file: "seg.txt")
        #expect(format == .itkSnap)
        #expect(table.entries.map(\.value) == [0, 1, 2, 7, 300])
        #expect(table.name(for: 2) == "Hepatic vein (right)")
        #expect(table.entry(for: 2)?.opacity == 0.5)
        #expect(table.entry(for: 2)?.visible == false)
        #expect(table.entry(for: 7)?.meshVisible == false)
        #expect(table.name(for: 7) == "Tumour \"A\"")
        #expect(table.color(for: 7) == LabelColor(red: 255, green: 239, blue: 213))
        #expect(table.color(for: 300).hex == "#66CDAA")
    }

    /// Written back, the file is ITK-SNAP's byte for byte (the header, the column widths, the
    /// alpha printed as 1, 0.5, 0.25), except that a quote inside a name becomes ' (the
    /// format has no escapes).
    @Test func writesITKSnapFormatExactly() throws {
        let table = try LabelTable.parse(Self.itkSnapFile, file: "seg.txt")
        let expected = Self.itkSnapFile.replacingOccurrences(of: "\"Tumour \"A\"\"", with: "\"Tumour 'A'\"")
        #expect(table.itkSnapText() == expected)
        #expect(try LabelTable.parse(table.itkSnapText(), file: "again.txt").entries.count == 5)
    }

    @Test func defaultsRoundTrip() throws {
        let table = LabelTable.defaults()
        #expect(table.entries.count == 9)
        #expect(table.entries.map(\.name) == (1...9).map { "Label \($0)" })
        #expect(table.entries.map(\.color.hex) == ["#FF0000", "#00FF00", "#0000FF", "#FFFF00", "#00FFFF", "#FF00FF",
                                                   "#FFEFD5", "#0000CD", "#CD853F"])
        let text = table.itkSnapText()
        #expect(text.contains("\n    1   255    0    0        1  1  1    \"Label 1\"\n"))
        #expect(text.contains("\n    0     0    0    0        0  0  0    \"Clear Label\"\n"))
        let back = try LabelTable.parse(text, file: "t.txt")
        #expect(back.entries.dropFirst().map(\.value) == table.entries.map(\.value))
        #expect(Array(back.entries.dropFirst()) == table.entries)
    }

    /// 3D Slicer's GenericAnatomyColors.txt starts like this (comment lines, `value name R G B A`).
    @Test func readsSlicerColourTable() throws {
        let text = """
            # Color table file /Applications/Slicer.app/Contents/share/Slicer-5.6/ColorFiles/GenericAnatomyColors.txt
            # 333 values
            0 background 0 0 0 0
            1 tissue 128 174 128 255
            2 bone 241 214 145 255
            3 skin 177 122 101 255
            4 connective_tissue 111 184 210 255
            5 blood 216 101 79 255
            6 organ 221 130 101 255
            7 mass 144 238 144 255
            8 muscle 192 104 88 255
            9 foreign_object 220 245 20 255\r
            10 waste 78 63 0 128\r

            """
        let (table, format) = try LabelTable.parseDetectingFormat(text, file: "GenericAnatomyColors.txt")
        #expect(format == .slicer)
        #expect(table.entries.count == 11)
        #expect(table.name(for: 4) == "connective_tissue")
        #expect(table.color(for: 2) == LabelColor(red: 241, green: 214, blue: 145))
        #expect(table.entry(for: 0)?.opacity == 0)
        #expect(abs(table.entry(for: 10)!.opacity - 128.0 / 255) < 1e-12)
        // Converted to ITK-SNAP's format and read back: same values, names and colours.
        let back = try LabelTable.parse(table.itkSnapText(), file: "converted.txt")
        #expect(back.entries.dropFirst().map(\.name) == table.entries.dropFirst().map(\.name))
        #expect(back.entries.dropFirst().map(\.color) == table.entries.dropFirst().map(\.color))
        #expect(back.entry(for: 10)?.opacity == 0.5)
    }

    /// Hostile names stay data: control characters and escape sequences are kept as read;
    /// written out they become spaces, so the file keeps one entry per line.
    @Test func hostileNamesAreKeptButWrittenSafely() throws {
        let name = "evil\u{1B}[2J\u{07}name\u{7F}\u{9B}31m"
        let text = "    1   255    0    0        1  1  1    \"\(name)\"\n"
        let table = try LabelTable.parse(text, file: "hostile.txt")
        #expect(table.name(for: 1) == name)
        let written = table.itkSnapText()
        #expect(!written.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!written.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
        let back = try LabelTable.parse(written, file: "again.txt")
        #expect(back.name(for: 1) == "evil [2J name  31m")

        let long = String(repeating: "x", count: LabelTable.maximumNameLength)
        #expect(try LabelTable.parse("1 255 0 0 1 1 1 \"\(long)\"", file: "long.txt").name(for: 1) == long)
        #expect(throws: LabelTableError.nameTooLong(file: "long.txt", line: 1, characters: LabelTable.maximumNameLength + 1)) {
            try LabelTable.parse("1 255 0 0 1 1 1 \"\(long)x\"", file: "long.txt")
        }
    }

    @Test func malformedFilesNameTheLine() {
        #expect(throws: LabelTableError.malformedLine(file: "a.txt", line: 3, detail: "red \"256\" is not a whole number from 0 to 255")) {
            try LabelTable.parse("# c\n\n 1 256 0 0 1 1 1 \"x\"\n", file: "a.txt")
        }
        #expect(throws: LabelTableError.duplicateValue(file: "a.txt", line: 2, value: 1)) {
            try LabelTable.parse("1 1 1 1 1 1 1 \"x\"\n1 2 2 2 1 1 1 \"y\"", file: "a.txt")
        }
        #expect(throws: LabelTableError.noEntries(file: "e.txt")) { try LabelTable.parse("# nothing\n\n", file: "e.txt") }
        #expect(throws: LabelTableError.self) { try LabelTable.parse("1 255 0 0 1 1 1 \"unterminated\n", file: "u.txt") }
        #expect(throws: LabelTableError.self) { try LabelTable.parse("1 255 0 0 1.5 1 1 \"alpha\"", file: "u.txt") }
        #expect(throws: LabelTableError.self) { try LabelTable.parse("70000 liver 1 2 3 255", file: "s.txt") }
        #expect(throws: LabelTableError.self) { try LabelTable.parse("1 liver 1 2 3", file: "s.txt") }
    }

    @Test func coloursAndUnknownValues() throws {
        #expect(try LabelColor(hex: "#1a2B3c") == LabelColor(red: 0x1A, green: 0x2B, blue: 0x3C))
        #expect(LabelColor(red: 0x1A, green: 0x2B, blue: 0x3C).hex == "#1A2B3C")
        #expect(throws: LabelTableError.invalidColor("1A2B3C")) { try LabelColor(hex: "1A2B3C") }
        #expect(throws: LabelTableError.invalidColor("#1A2B3G")) { try LabelColor(hex: "#1A2B3G") }
        let table = LabelTable.defaults(count: 2)
        #expect(table.name(for: 40) == "Label 40")
        #expect(table.color(for: 40) == LabelColor.generated(for: 40))
        #expect(table.color(for: 40) != table.color(for: 41))
        let generated = (1...200).map { LabelColor.generated(for: UInt16($0)) }
        #expect(Set(generated).count > 150)
        let palette = table.palette(maximum: 40)
        #expect(palette.count == 41 && palette[1] == table.color(for: 1) && palette[40] == table.color(for: 40))
        #expect(table.nextFreeValue == 3)
    }
}
