"""The label-map editing figures of the in-process benchmark (SlicemarkBench's
`labelMapEditing` object) as a Markdown table, for RESULTS.md."""


def label_map_editing_markdown(in_process):
    lm = (in_process or {}).get("labelMapEditing")
    if not lm:
        return []
    out = ["### Label-map editing (512×512×300 map on the CT's grid)", "",
           "| figure | value |", "| --- | --- |"]
    for key, what in (("discDab", "disc"), ("sphereDab", "sphere")):
        d = lm.get(key)
        if d:
            out.append(f"| one {what} dab, radius {d['radiusMM']:g} mm (paint + merge into the stroke's undo step) | "
                       f"median {d['median']:.3f} ms, p90 {d['p90']:.3f} ms; 100 dabs {d['strokeOf100']:.1f} ms, "
                       f"{d['voxelsChanged']} voxels |")
    if "dabAfterSnapshotMilliseconds" in lm:
        out.append(f"| one dab right after a copy of the map was taken for saving | "
                   f"{lm['dabAfterSnapshotMilliseconds']:.3f} ms |")
    g = lm.get("grow", {})
    if "milliseconds" in g:
        out.append(f"| region growing, 6-connected, {g['rangeHU'][0]:g}…{g['rangeHU'][1]:g} HU | "
                   f"{g['milliseconds']:.1f} ms for {g['voxels']} voxels |")
        out.append(f"| undo / redo of that growing | {g['undoMilliseconds']:.1f} ms / {g['redoMilliseconds']:.1f} ms, "
                   f"{g['undoBytes'] / 1e6:.1f} MB of undo delta |")
    elif "error" in g:
        out.append(f"| region growing | not measured: {g['error']} |")
    i = lm.get("interpolate", {})
    if "milliseconds" in i:
        out.append(f"| fill between slices ({i['slicesFilled']} slices between two ellipses) | "
                   f"{i['milliseconds']:.1f} ms for {i['voxels']} voxels |")
    s = lm.get("statistics", {})
    if "milliseconds" in s:
        out.append(f"| per-label statistics, one pass ({s['labels']} labels) | {s['milliseconds']:.1f} ms |")
    frames = (in_process or {}).get("frameWithLabelMapMilliseconds", {})
    plain = (in_process or {}).get("frameMilliseconds", {})
    for plane in ("axial", "coronal", "sagittal"):
        f = frames.get(plane)
        if f:
            base = plain.get(plane, {}).get("median")
            extra = f" (without it {base:.2f} ms)" if base is not None else ""
            out.append(f"| one {plane} frame with a label map drawn over it (render, diff, encode) | "
                       f"median {f['median']:.2f} ms, p90 {f['p90']:.2f} ms{extra} |")
    if "mapBytes" in lm:
        out.append(f"| memory: map / undo history | {lm['mapBytes'] / 1e6:.1f} MB / {lm['historyBytes'] / 1e6:.1f} MB |")
    out.append("")
    return out
