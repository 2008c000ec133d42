import VolumeKit

/// How screen pixels are computed when a slice is magnified (shown larger than 1:1).
/// Minification always averages the slice pixels each screen pixel covers.
public enum Interpolation: String, CaseIterable, Sendable, Codable {
    /// Crisp voxels: each screen pixel takes the slice pixel under its centre.
    case nearest
    /// Smooth: a blend of the four nearest slice pixels.
    case bilinear
}

/// How slice values become colours on screen.
public struct DisplaySettings: Sendable, Equatable {
    /// Applied to real-world values (after rescale); also to each channel of RGB images.
    public var window: WindowLevel
    /// MONOCHROME1: low values are bright.
    public var inverted: Bool
    /// PALETTE COLOR images: values are indices into this table; the window is not used.
    public var palette: Palette?
    public var interpolation: Interpolation
    /// Ordered dithering when the colour mode has few colours; nil leaves it to the mode
    /// (`ColorMode.dithersByDefault`: off for 256 colours, whose 30 greys rarely band, on for
    /// 16 colours and mono).
    public var dithering: Bool?
    /// What the pane shows around the image.
    public var background: RGB

    public init(window: WindowLevel, inverted: Bool = false, palette: Palette? = nil,
                interpolation: Interpolation = .nearest, dithering: Bool? = nil, background: RGB = .black) {
        self.window = window
        self.inverted = inverted
        self.palette = palette
        self.interpolation = interpolation
        self.dithering = dithering
        self.background = background
    }

    /// What a volume asks for: its initial window (file window, modality preset or automatic),
    /// MONOCHROME1 inversion and palette from its metadata.
    public init(volume: Volume, window: WindowLevel? = nil, interpolation: Interpolation = .nearest) {
        self.init(window: window ?? WindowPresets.initial(for: volume),
                  inverted: volume.metadata.isInvertedGrey,
                  palette: volume.components == 1 ? volume.metadata.palette : nil,
                  interpolation: interpolation)
    }
}
