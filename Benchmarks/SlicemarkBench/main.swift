// The in-process half of the benchmark suite (scripts/bench.sh runs it; it is not a test).
//
// Loads the benchmark CT and measures, for a pane of 128×64 cells (128×128 screen pixels):
// - the time to render one frame in each plane: slice extraction, window, resampling, packing
//   into cells, diffing against the previous frame and ANSI encoding, stepping one slice per
//   frame as a held key does;
// - the bytes of one full frame in truecolour and in 256 colours;
// - the bytes per step while a slice key is held (draft frames), then the bytes that make the
//   still frame exact once the key is released, checked by replaying every byte in a virtual
//   terminal;
// - the time and bytes of a frame drawn as one sixel or kitty image (GraphicsFrames.swift).
//
// Usage: SlicemarkBench --data DIR [--frames N]    prints one JSON object.
//        SlicemarkBench labelmap --out DIR [--repeats N]    label-map save and reload (LabelMapSaveReload.swift)
//        SlicemarkBench audit --out DIR [--lines N]    audit chain verify and append (AuditChain.swift)
//        SlicemarkBench export --out DIR [--images N] [--repeats N]    export time per image (ExportBench.swift)
//        SlicemarkBench status --out DIR [--images N] [--repeats N]    the worklist over N sidecars (StatusBench.swift)
//        SlicemarkBench agree --out DIR [--repeats N] [--sidecars N]    HD95/ASSD at 512×512×300, 500 sidecars (AgreementBench.swift)
//        SlicemarkBench video --file PATH …    a DICOM video played: decode, seek, bytes a frame (VideoBench.swift)
import Foundation
import Rendering
import VolumeKit

struct Options {
    var data = "Benchmarks/data"
    var frames = 120

    init(_ arguments: [String]) throws {
        var i = 1
        while i < arguments.count {
            switch arguments[i] {
            case "--data" where i + 1 < arguments.count: data = arguments[i + 1]; i += 2
            case "--frames" where i + 1 < arguments.count: frames = Int(arguments[i + 1]) ?? frames; i += 2
            default: throw BenchFailure("unknown argument \(arguments[i]); usage: SlicemarkBench --data DIR [--frames N]")
            }
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

let pane = CellRect(column: 0, row: 0, columns: 128, rows: 64)
let window = WindowLevel(center: 40, width: 400, name: "bench")

func run() throws -> [String: Any] {
    let options = try Options(CommandLine.arguments)
    let path = (options.data as NSString).appendingPathComponent("ct.nii")
    let volume = try VolumeLoader.load(path: path)
    let settings = DisplaySettings(volume: volume, window: window)
    var result: [String: Any] = [:]

    // What the viewer computes before its first frame when it derives windows from the data.
    var statisticsTimes: [Double] = []
    for _ in 0..<3 {
        let start = FrameTiming.now()
        let statistics = volume.statistics()
        _ = volume.percentiles([1, 99], statistics: statistics)
        statisticsTimes.append(FrameTiming.now() - start)
    }
    result["statisticsMilliseconds"] = FrameTimes(statisticsTimes).median

    var frameTimes: [String: Any] = [:]
    for plane in Plane.allCases {
        let times = FrameTiming.measure(volume: volume, plane: plane, settings: settings, pane: pane,
                                        frames: options.frames)
        frameTimes[plane.rawValue] = ["median": times.wall.median, "p90": times.wall.p90,
                                      "cpuMedian": times.cpu.median, "frames": times.wall.count]
    }
    result["frameMilliseconds"] = frameTimes

    // The same frames with a label map drawn over them (a 60 mm ball at 50 % opacity, the
    // viewer's default), as every frame is drawn once something has been painted.
    var labelled: [String: Any] = [:]
    let layer = LabelLayer(map: LabelMapEditing.ball(on: volume, radius: 60), colors: [nil, RGB(255, 0, 0)], opacity: 0.5)
    for plane in Plane.allCases {
        let times = FrameTiming.measure(volume: volume, plane: plane, settings: settings, pane: pane,
                                        frames: options.frames, labels: [layer])
        labelled[plane.rawValue] = ["median": times.wall.median, "p90": times.wall.p90, "frames": times.wall.count]
    }
    result["frameWithLabelMapMilliseconds"] = labelled

    let middle = volume.layout(.axial).sliceCount / 2
    result["truecolorFrameBytes"] = FrameBytes.full(volume: volume, slice: middle, settings: settings, mode: .truecolor)
    result["color256FrameBytes"] = FrameBytes.full(volume: volume, slice: middle, settings: settings, mode: .palette256)

    let held = try HeldKey.measure(volume: volume, from: middle, steps: 20, settings: settings)
    result["plainDiffStepBytes"] = ["median": held.plainMedian, "max": held.plainMax]
    result["heldKeyStepBytes"] = ["median": held.draftMedian, "max": held.draftMax]
    result["stillFrameBytes"] = held.refineBytes
    result["stillFrameExact"] = held.stillFrameExact
    result["draftError"] = ["mean": held.draftMeanError, "max": held.draftMaxError]
    result["labelMapEditing"] = LabelMapEditing.measure(volume: volume)
    result["graphicsFrames"] = GraphicsFrames.measure(volume: volume, settings: settings, frames: min(options.frames, 40))
    result["notes"] = [
        "CT read from ct.nii; window 40/400; pane 128×64 cells; nearest interpolation",
        "held key: \(held.steps) steps of one axial slice from slice \(middle), encoded as drafts; "
            + "the still frame is checked cell by cell in a virtual terminal fed every byte",
    ]
    return result
}

do {
    let result = switch CommandLine.arguments.dropFirst().first {
    case "labelmap": try LabelMapSaveReload.run(CommandLine.arguments)
    case "audit": try AuditChainBench.run(CommandLine.arguments)
    case "export": try ExportBench.run(CommandLine.arguments)
    case "status": try StatusBench.run(CommandLine.arguments)
    case "agree": try AgreementBench.run(CommandLine.arguments)
    case "video": try VideoBench.run(CommandLine.arguments)
    default: try run()
    }
    let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
    print(String(decoding: data, as: UTF8.self))
} catch {
    FileHandle.standardError.write(Data("SlicemarkBench: \(error)\n".utf8))
    exit(1)
}
