import Foundation
import Rendering
import VolumeKit

/// A DICOM video played in the 128×64-cell pane of the held-key figures: opening it (to frame
/// 1 shown), its key frame index (on its own thread) ready, each frame of a run through it twice (decode, from the read-ahead, plus
/// render and encode), a seek to a frame not kept, and the bytes each frame costs the link,
/// exact and as a draft, beside the frame rate that the file asks for.
///
/// With `--data DIR` (the benchmark CT), the budget beside them: the bytes of one step of a
/// held slice key in the same pane, which the viewer already sends as fast as keys repeat.
///
/// Usage: SlicemarkBench video --file PATH [--file PATH …] [--data DIR]
enum VideoBench {
    static let usage = "usage: SlicemarkBench video --file PATH [--file PATH …] [--data DIR]"

    static func run(_ arguments: [String]) throws -> [String: Any] {
        var files: [String] = []
        var data: String?
        var i = 2
        while i < arguments.count {
            guard i + 1 < arguments.count else { throw BenchFailure(usage) }
            switch arguments[i] {
            case "--file": files.append(arguments[i + 1])
            case "--data": data = arguments[i + 1]
            default: throw BenchFailure(usage)
            }
            i += 2
        }
        guard !files.isEmpty else { throw BenchFailure(usage) }
        var videos: [String: Any] = [:]
        for file in files { videos[(file as NSString).lastPathComponent] = try measure(file) }
        var result: [String: Any] = ["videos": videos, "pane": "\(pane.columns)×\(pane.rows) cells, truecolour"]
        if let data {
            let ct = try VolumeLoader.load(path: (data as NSString).appendingPathComponent("ct.nii"))
            let held = try HeldKey.measure(volume: ct, from: ct.layout(.axial).sliceCount / 2, steps: 20,
                                           settings: DisplaySettings(volume: ct, window: window))
            result["heldKeyStepBytes"] = ["exactMedian": held.plainMedian, "draftMedian": held.draftMedian]
        }
        return result
    }

    static func measure(_ path: String) throws -> [String: Any] {
        let opened = FrameTiming.now()
        let volume = try VolumeLoader.load(path: path)
        let openMilliseconds = FrameTiming.now() - opened
        guard let frames = volume.frames else { throw BenchFailure("\(path) is not a DICOM video") }
        frames.waitUntilIndexed()
        let indexMilliseconds = FrameTiming.now() - opened
        let presentation = ImagePresentation(metadata: volume.metadata, depth: volume.depth)
        // Frame 1's range, as the viewer's min–max preset: 8-bit and 10-bit videos alike.
        let range = volume.scanned.statistics()
        let settings = DisplaySettings(volume: volume, window: WindowLevel(center: (range.min + range.max) / 2,
                                                                           width: max(range.max - range.min, 1), name: "min–max"))
        let layout = volume.layout(.axial)
        let renderer = SliceRenderer()
        let viewport = Viewport(layout: layout, pane: pane)
        let exact = FrameEncoder(mode: .truecolor), draft = FrameEncoder(mode: .truecolor)
        var grid = CellGrid(columns: pane.columns, rows: pane.rows)
        var decode: [Double] = [], whole: [Double] = [], exactBytes: [Int] = [], draftBytes: [Int] = []
        for step in 0..<(2 * frames.frameCount) {
            let n = step % frames.frameCount
            let start = FrameTiming.now()
            try frames.load(n)
            let decoded = FrameTiming.now()
            renderer.render(volume: volume, plane: .axial, slice: n, settings: settings, viewport: viewport,
                            mode: .truecolor, into: &grid)
            let e = exact.encode(grid, fidelity: .exact)
            let d = draft.encode(grid, fidelity: step == 0 ? .exact : .draft)
            let end = FrameTiming.now()
            guard step > 0 else { continue }
            decode.append(decoded - start)
            whole.append(end - start)
            exactBytes.append(e.count)
            draftBytes.append(d.count)
        }
        // Seeks: every kept frame given back first, so each decodes from its key frame.
        var seeks: [Double] = []
        for n in stride(from: frames.frameCount - 1, to: 0, by: -max(1, frames.frameCount / 8)) {
            frames.releaseAll()
            let start = FrameTiming.now()
            try frames.load(n)
            seeks.append(FrameTiming.now() - start)
        }
        let rate = 1000 / (presentation.frameTime ?? ImagePresentation.defaultFrameTime)
        let exactMedian = FrameTimes(exactBytes.map(Double.init)).median
        return [
            "frames": frames.frameCount, "size": "\(volume.width)×\(volume.height)", "codec": frames.codecName,
            "framesPerSecond": rate, "openMilliseconds": openMilliseconds, "indexedMilliseconds": indexMilliseconds,
            "decodeMilliseconds": ["median": FrameTimes(decode).median, "p90": FrameTimes(decode).p90],
            "frameMilliseconds": ["median": FrameTimes(whole).median, "p90": FrameTimes(whole).p90],
            "seekMilliseconds": ["median": FrameTimes(seeks).median, "max": seeks.max() ?? 0],
            "exactFrameBytes": ["median": exactMedian, "max": exactBytes.max() ?? 0],
            "draftFrameBytes": ["median": FrameTimes(draftBytes.map(Double.init)).median, "max": draftBytes.max() ?? 0],
            // What a link must carry to show every frame at the file's rate, exact frames.
            "bytesPerSecondAtFileRate": exactMedian * rate,
        ]
    }
}
