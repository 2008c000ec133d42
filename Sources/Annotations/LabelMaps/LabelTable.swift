/// Names, colours and visibility of the values of a label map, as ITK-SNAP's label description
/// file and 3D Slicer's colour table give them.
///
/// Value 0 is background ("Clear Label" in ITK-SNAP). A value missing from the table still has a
/// name ("Label N") and a stable generated colour, so a label map from elsewhere always shows.
/// Names are kept exactly as read, control characters included: whoever displays one must
/// sanitise it; `itkSnapText()` writes a safe form.
public struct LabelTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var value: UInt16
        public var name: String
        public var color: LabelColor
        /// 0 (transparent) … 1 (opaque).
        public var opacity: Double
        public var visible: Bool
        /// ITK-SNAP's "mesh visibility" column, kept so a table read from ITK-SNAP is written back
        /// as it was.
        public var meshVisible: Bool

        public init(value: UInt16, name: String, color: LabelColor, opacity: Double = 1, visible: Bool = true,
                    meshVisible: Bool = true) {
            self.value = value
            self.name = name
            self.color = color
            self.opacity = opacity
            self.visible = visible
            self.meshVisible = meshVisible
        }
    }

    public var entries: [Entry]

    /// Longest label name `parse` accepts, in characters.
    public static let maximumNameLength = 1024

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// ITK-SNAP's first default label colours (red, green, blue, yellow, cyan, magenta, then
    /// X11 papaya whip, medium blue, peru, tan, medium aquamarine, …); values past these get
    /// generated colours.
    static let itkSnapPalette: [LabelColor] = [
        (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0), (0, 255, 255), (255, 0, 255),
        (255, 239, 213), (0, 0, 205), (205, 133, 63), (210, 180, 140), (102, 205, 170),
        (0, 0, 128), (0, 139, 139), (46, 139, 87), (255, 228, 225), (106, 90, 205),
        (221, 160, 221), (233, 150, 122), (165, 42, 42),
    ].map { LabelColor(red: $0.0, green: $0.1, blue: $0.2) }

    /// "Label 1" … "Label `count`" with ITK-SNAP's default colours, opaque and visible.
    public static func defaults(count: Int = 9) -> LabelTable {
        let n = max(0, min(count, Int(UInt16.max)))
        return LabelTable(entries: (0..<n).map { i in
            let value = UInt16(i + 1)
            return Entry(value: value, name: "Label \(value)", color: defaultColor(for: value))
        })
    }

    /// The colour `defaults` gives a value.
    public static func defaultColor(for value: UInt16) -> LabelColor {
        value >= 1 && Int(value) <= itkSnapPalette.count ? itkSnapPalette[Int(value) - 1] : .generated(for: value)
    }

    public func entry(for value: UInt16) -> Entry? {
        entries.first { $0.value == value }
    }

    public func color(for value: UInt16) -> LabelColor {
        entry(for: value)?.color ?? (value == 0 ? LabelColor(red: 0, green: 0, blue: 0) : .generated(for: value))
    }

    public func name(for value: UInt16) -> String {
        entry(for: value)?.name ?? (value == 0 ? "Clear Label" : "Label \(value)")
    }

    /// Colour of every value 0…`maximum`, for a renderer that looks colours up per pixel.
    public func palette(maximum: UInt16) -> [LabelColor] {
        var out = (0...Int(maximum)).map { LabelColor.generated(for: UInt16($0)) }
        out[0] = LabelColor(red: 0, green: 0, blue: 0)
        for entry in entries where entry.value <= maximum { out[Int(entry.value)] = entry.color }
        return out
    }

    /// The smallest value above 0 the table does not name: the value of a new label.
    public var nextFreeValue: UInt16? {
        let used = Set(entries.map(\.value))
        return (1...UInt16.max).first { !used.contains($0) }
    }
}
