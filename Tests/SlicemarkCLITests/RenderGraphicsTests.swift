import Foundation
import Testing
import TestSupport
import VolumeKit

/// `slicemark render --graphics sixel|kitty` of real sample files, decoded by tools that are
/// not slicemark (libsixel's sixel2png; the kitty escape parsed in scripts/check-graphics.py),
/// must show at full resolution the greys pydicom's values give under the same window
/// (scripts/expected/render.py). Kitty carries 8-bit RGB, so every pixel is pydicom's grey
/// exactly; sixel names its colours in percent, so every pixel is pydicom's grey g through the
/// protocol's own rounding, ⌊⌊g · 100 / 255 + ½⌋ · 255 / 100 + ½⌋.
@Suite struct RenderGraphicsTests {
    typealias Case = RenderRealFilesTests.Case

    @Test func theExpectedValuesExist() {
        #expect(RenderRealFilesTests.cases.count >= 2, "run scripts/fixtures.sh")
    }

    @Test(arguments: RenderRealFilesTests.cases)
    func sixelDecodesToPydicomsGreys(_ c: Case) throws {
        let decoded = try decode(c, "sixel")
        try compare(decoded, c) { g in
            let percent: Int = (Int(g) * 100 + 127) / 255
            return UInt8((percent * 255 + 50) / 100)
        }
    }

    @Test(arguments: RenderRealFilesTests.cases)
    func kittyDecodesToPydicomsGreys(_ c: Case) throws {
        let decoded = try decode(c, "kitty")
        try compare(decoded, c) { $0 }
        let keys = try #require(decoded["keys"] as? [String: String])
        #expect(keys["a"] == "T" && keys["q"] == "2" && keys["i"] == "1" && keys["o"] == "z")
        // --cols not given: no placement size, the image at its own pixels.
        #expect(keys["c"] == nil && keys["r"] == nil)
        let sizes = try #require(decoded["chunkSizes"] as? [Int])
        #expect(sizes.dropLast().allSatisfy { $0 == 4096 })
        // zlib-compressed: fewer base64 bytes than the raw RGB would take.
        #expect(sizes.reduce(0, +) < (c.columns * c.rows * 3 + 2) / 3 * 4)
    }

    /// Colour images (pydicom's RGB samples, one JPEG-decoded): kitty carries every pixel
    /// exactly; sixel, limited to 256 registers, shares them by median cut among thousands of
    /// colours, so its pixels are near, not equal.
    @Test(arguments: ["pydicom/examples_rgb_color.dcm", "pydicom/SC_rgb_jpeg_dcmd.dcm"])
    func colourImagesKeepTheirColours(_ file: String) throws {
        let reference = try PythonCheck.run("scripts/check-graphics.py", "dicom-rgb", ["file": Fixtures.path(file)])
        let expected = try #require(reference["rgb"] as? [Int])
        for graphics in ["kitty", "sixel"] {
            let decoded = try PythonCheck.run("scripts/check-graphics.py", graphics,
                                              ["file": try run(["render", Fixtures.path(file), "--graphics", graphics])])
            #expect(decoded["width"] as? Int == reference["width"] as? Int)
            #expect(decoded["height"] as? Int == reference["height"] as? Int)
            let shown = try #require(decoded["rgb"] as? [Int])
            try #require(shown.count == expected.count)
            let errors = zip(shown, expected).map { abs($0 - $1) }
            let mean = Double(errors.reduce(0, +)) / Double(errors.count)
            if graphics == "kitty" {
                #expect(errors.max() == 0, "\(file): kitty is off by up to \(errors.max() ?? 0)")
            } else {
                // The percent rounding alone is up to 1.3 a channel; median cut adds the rest.
                #expect(mean < 2 && (errors.max() ?? 0) <= 40, "\(file): sixel mean \(mean), max \(errors.max() ?? 0)")
            }
        }
    }

    @Test func kittyPlacesTheImageOverTheCellsAsked() throws {
        let file = try run(["render", Fixtures.path("pydicom/CT_small.dcm"), "--graphics", "kitty", "--cols", "40", "--rows", "20"])
        let decoded = try PythonCheck.run("scripts/check-graphics.py", "kitty", ["file": file])
        let keys = try #require(decoded["keys"] as? [String: String])
        #expect(keys["c"] == "40" && keys["r"] == "20" && keys["s"] == "128" && keys["v"] == "128")
    }

    @Test func anisotropicPixelsAreStretchedToTheirPhysicalSize() throws {
        // The phantom's coronal plane: columns and slices differ in spacing; the finer axis
        // keeps one pixel a voxel and the other is scaled to the physical size.
        let layout = DemoPhantom.volume().layout(.coronal)
        let spacing = layout.pixelSpacing
        #expect(spacing.x != spacing.y)
        let file = try run(["render", "--demo", "--axis", "coronal", "--graphics", "kitty"])
        let decoded = try PythonCheck.run("scripts/check-graphics.py", "kitty", ["file": file])
        let fine = min(spacing.x, spacing.y)
        #expect(decoded["width"] as? Int == Int((Double(layout.width) * spacing.x / fine).rounded()))
        #expect(decoded["height"] as? Int == Int((Double(layout.height) * spacing.y / fine).rounded()))
    }

    @Test func anUnknownProtocolIsRefused() throws {
        let result = try runProcess(Fixtures.executable, ["render", "--demo", "--graphics", "iterm"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--graphics iterm is not one of auto, kitty, sixel, none"))
        #expect(result.stdout.isEmpty)
    }

    @Test func theViewerRefusesAnUnknownProtocolBeforeTouchingTheTerminal() throws {
        let result = try runProcess(Fixtures.executable, ["view", "--graphics", "bogus"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--graphics bogus: use auto, kitty, sixel or none"))
        #expect(result.stdout.isEmpty)
    }

    @Test func autoStaysWithHalfBlocksInsideTmux() throws {
        let result = try runProcess(Fixtures.executable, ["render", "--demo", "--graphics", "auto", "--cols", "20"],
                                    environment: ["TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0", "PATH": "/usr/bin:/bin"])
        #expect(result.status == 0)
        #expect(!result.stdout.contains("\u{1B}_G") && result.stdout.contains("▀"))
        let kitty = try runProcess(Fixtures.executable, ["render", "--demo", "--graphics", "auto", "--cols", "20"],
                                   environment: ["TERM": "xterm-kitty", "PATH": "/usr/bin:/bin"])
        #expect(kitty.stdout.hasPrefix("\u{1B}_G"))
    }

    private func decode(_ c: Case, _ graphics: String) throws -> [String: Any] {
        var arguments = ["render", Fixtures.path(c.file), "--graphics", graphics]
        if !c.fileWindow { arguments += ["--window", String(c.width), "--level", String(c.center)] }
        return try PythonCheck.run("scripts/check-graphics.py", graphics, ["file": try run(arguments)])
    }

    /// Runs slicemark and keeps its stdout in a temporary file, returned.
    private func run(_ arguments: [String]) throws -> String {
        let result = try runProcess(Fixtures.executable, arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let file = NSTemporaryDirectory() + "graphics-\(UUID().uuidString).out"
        try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    private func compare(_ decoded: [String: Any], _ c: Case, shown: (UInt8) -> UInt8) throws {
        #expect(decoded["width"] as? Int == c.columns)
        #expect(decoded["height"] as? Int == c.rows)
        let rgb = try #require(decoded["rgb"] as? [Int])
        try #require(rgb.count == c.columns * c.rows * 3)
        var wrong: [String] = []
        for row in 0..<c.rows {
            for column in 0..<c.columns {
                let g = Int(shown(UInt8(c.greys[row][column])))
                let i = (row * c.columns + column) * 3
                if rgb[i] != g || rgb[i + 1] != g || rgb[i + 2] != g {
                    wrong.append("(\(column), \(row)): \(rgb[i..<i + 3]) not \(g)")
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) pixels differ, first \(wrong.prefix(3))")
    }
}
