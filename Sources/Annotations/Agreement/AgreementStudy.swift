import Foundation
import VolumeKit

/// Agreement over a set of images, taken in one image at a time (`add`), so a folder of
/// hundreds of sidecars is read once and label maps are held only while their image is
/// compared. `report()` gives the figures of every pair of annotators.
public struct AgreementStudy: Sendable {
    private struct Pair: Hashable, Comparable {
        var a: String, b: String
        init(_ x: String, _ y: String) { (a, b) = x < y ? (x, y) : (y, x) }
        static func < (l: Pair, r: Pair) -> Bool { (l.a, l.b) < (r.a, r.b) }
    }

    private struct MaskKey: Hashable, Comparable {
        var pair: Pair, source: String, value: Int, name: String
        static func < (l: MaskKey, r: MaskKey) -> Bool {
            (l.pair, l.source, l.value, l.name) < (r.pair, r.source, r.value, r.name)
        }
    }

    private var images: [String] = []
    private var annotators: Set<String> = []
    private var models: Set<String> = []
    private var landmarkDistances: [Pair: [(image: String, name: String, mm: Double)]] = [:]
    /// label set → unit (image, slice) → annotator → category.
    private var ratings: [String: [String: [String: String]]] = [:]
    private var unitImages: [String: String] = [:]
    private var masks: [MaskKey: [AgreementReport.MaskResult]] = [:]
    private var proposalCounts: [String: (accepted: Int, rejected: Int, proposed: Int)] = [:]
    private var proposalDice: [Pair: [(image: String, dice: Double)]] = [:]
    private var excluded: [AgreementReport.Exclusion] = []
    private var problems: [String] = []

    public init() {}

    /// Takes in one image: its records, and its label maps and ROIs compared pair by pair.
    /// `skipping` leaves one annotator out (the consensus `consensus` writes).
    public mutating func add(_ image: AgreementImage, skipping: String? = nil) {
        let dims = image.document.geometry.dimensions
        let records = AgreementRecords(image.document, skipping: skipping)
            .onFrames(geometry: image.geometry, frameCount: dims.count >= 3 ? dims[2] : 1)
        images.append(image.name)
        let names = Set(records.annotations.keys).union(records.labels.keys).union(records.segmentations.keys)
        annotators.formUnion(names)
        models.formUnion(records.models)
        excluded += records.excluded.map { .init(image: image.name, id: $0.id.uuidString.lowercased(), annotator: $0.annotator, reason: $0.reason) }
        countProposals(image.document, skipping: skipping)
        addLandmarks(records, image: image)
        addLabels(records, image: image)
        addMasks(records, image: image)
    }

    private mutating func countProposals(_ document: SidecarDocument, skipping: String?) {
        let statuses: [(String, ProposalStatus?)] =
            document.annotations.filter { $0.source.isModel }.map { ($0.annotator, $0.status) }
            + document.labels.filter { $0.source.isModel }.map { ($0.annotator, $0.status) }
            + document.segmentations.filter { $0.source.isModel }.map { ($0.annotator, $0.status) }
        for (model, status) in statuses where model != skipping {
            models.insert(model)
            var c = proposalCounts[model] ?? (0, 0, 0)
            switch status {
            case .accepted: c.accepted += 1
            case .rejected: c.rejected += 1
            case .proposed, nil: c.proposed += 1
            }
            proposalCounts[model] = c
        }
    }

    private mutating func addLandmarks(_ records: AgreementRecords, image: AgreementImage) {
        guard image.document.geometry.spacingSource != .unknown else {
            if records.annotations.values.contains(where: { $0.contains { $0.kind == .landmark } }) {
                problems.append("\(image.name): the image's pixel spacing is unknown, so its landmarks have no millimetres; left out of the landmark figures")
            }
            return
        }
        // On a cine, matched by name on each frame; the figures are per name over the frames.
        let points = records.landmarksOnFrames
        let raters = points.keys.sorted()
        for (x, a) in raters.enumerated() {
            for b in raters[(x + 1)...] {
                let pa = points[a]!, pb = points[b]!
                for key in Set(pa.keys).intersection(pb.keys).sorted() {
                    let d = pa[key]! - pb[key]!
                    landmarkDistances[Pair(a, b), default: []].append((image.name, key.name, (d * d).sum().squareRoot()))
                }
            }
        }
    }

    private mutating func addLabels(_ records: AgreementRecords, image: AgreementImage) {
        for (annotator, units) in records.categories {
            for (unit, category) in units {
                let key = image.name + (unit.slice.map { "#slice \($0)" } ?? "")
                ratings[unit.labelSet, default: [:]][key, default: [:]][annotator] = category
                unitImages[key] = image.name
            }
        }
    }

    private mutating func addMasks(_ records: AgreementRecords, image: AgreementImage) {
        // Label maps: every annotator's, and every model's whatever its status (for the
        // proposal Dice); the figures use the ones not left out.
        var maps: [String: LabelMap] = [:]
        var allModelMaps: [String: LabelMap] = [:]
        var names: [Int: String] = [:]
        for (annotator, segmentation) in records.segmentations {
            do {
                maps[annotator] = try image.labelMap(segmentation)
                for s in segmentation.segments where names[s.value] == nil { names[s.value] = s.name }
            } catch {
                problems.append(error.description)
            }
        }
        for s in image.document.segmentations where s.source.isModel && maps[s.annotator] == nil {
            allModelMaps[s.annotator] = try? image.labelMap(s)
        }
        let raters = maps.keys.sorted()
        var values: [String: Set<UInt16>] = [:]
        for (annotator, map) in maps { values[annotator] = Set(map.counts().keys) }
        for (x, a) in raters.enumerated() {
            for b in raters[(x + 1)...] {
                let ma = maps[a]!, mb = maps[b]!
                guard ma.dimensions == mb.dimensions else { continue }
                for value in values[a]!.union(values[b]!).sorted() {
                    let figures = MaskAgreement(BinaryMask(ma, value: value), BinaryMask(mb, value: value))
                    let key = MaskKey(pair: Pair(a, b), source: "labelmap", value: Int(value), name: names[Int(value)] ?? "label \(value)")
                    masks[key, default: []].append(.init(image: image.name, figures: figures))
                }
            }
        }
        // A model's proposal against each person's map: mean Dice over the values of either.
        let humans = raters.filter { !records.models.contains($0) }
        for (model, map) in allModelMaps.merging(maps.filter { records.models.contains($0.key) }, uniquingKeysWith: { a, _ in a }) {
            for human in humans where human != model {
                let other = maps[human]!
                guard other.dimensions == map.dimensions else { continue }
                let all = Set(map.counts().keys).union(values[human] ?? [])
                let dice = all.map { v in MaskAgreement.diceOnly(BinaryMask(map, value: v), BinaryMask(other, value: v)) }
                proposalDice[Pair(model, human), default: []].append((image.name, AgreementReport.average(dice) ?? 1))
            }
        }
        addRegions(records, image: image)
    }

    private mutating func addRegions(_ records: AgreementRecords, image: AgreementImage) {
        let dims = image.document.geometry.dimensions
        guard dims.count >= 3, let geometry = image.geometry else { return }
        var regions: [String: [String: BinaryMask]] = [:]
        for (annotator, list) in records.annotations {
            for a in list where RegionRaster.isRegion(a.kind) {
                var mask = regions[annotator]?[a.label]
                    ?? BinaryMask(width: dims[0], height: dims[1], depth: dims[2], spacing: geometry.spacing)
                RegionRaster.add(a, to: &mask, geometry: geometry)
                regions[annotator, default: [:]][a.label] = mask
            }
        }
        let raters = regions.keys.sorted()
        for (x, a) in raters.enumerated() {
            for b in raters[(x + 1)...] {
                for label in Set(regions[a]!.keys).union(regions[b]!.keys).sorted() {
                    let empty = BinaryMask(width: dims[0], height: dims[1], depth: dims[2], spacing: geometry.spacing)
                    let figures = MaskAgreement(regions[a]![label] ?? empty, regions[b]![label] ?? empty)
                    let key = MaskKey(pair: Pair(a, b), source: "roi", value: -1, name: label)
                    masks[key, default: []].append(.init(image: image.name, figures: figures))
                }
            }
        }
    }

    // MARK: The report

    public func report() -> AgreementReport {
        var r = AgreementReport()
        r.images = images
        r.annotators = annotators.sorted()
        r.models = models.sorted()
        r.excluded = excluded
        r.problems = problems
        for (pair, list) in landmarkDistances.sorted(by: { $0.key < $1.key }) {
            let byName = Dictionary(grouping: list, by: { $0.name })
            r.landmarks.append(.init(annotators: [pair.a, pair.b], images: Self.unique(list.map { $0.image }),
                                     overall: Self.landmarkFigures(list.map { $0.mm }),
                                     perLandmark: byName.keys.sorted().map { name in (name: name, figures: Self.landmarkFigures(byName[name]!.map { $0.mm })) }))
        }
        for (set, units) in ratings.sorted(by: { $0.key < $1.key }) {
            let raters = Set(units.values.flatMap(\.keys)).sorted()
            let keys = units.keys.sorted()
            for (x, a) in raters.enumerated() {
                for b in raters[(x + 1)...] {
                    let both = keys.filter { units[$0]![a] != nil && units[$0]![b] != nil }
                    guard !both.isEmpty else { continue }
                    let ya = both.map { units[$0]![a]! }, yb = both.map { units[$0]![b]! }
                    r.labels.append(.init(annotators: [a, b], labelSet: set, images: Self.unique(both.map { unitImages[$0]! }),
                                          n: both.count, cohenKappa: CategoricalAgreement.cohenKappa(ya, yb),
                                          percentAgreement: CategoricalAgreement.percentAgreement(ya, yb)))
                }
            }
            guard raters.count >= 2 else { continue }
            let complete = keys.filter { k in raters.allSatisfy { units[k]![$0] != nil } }
            r.fleiss.append(.init(labelSet: set, annotators: raters, n: complete.count,
                                  images: Self.unique(complete.map { unitImages[$0]! }),
                                  value: CategoricalAgreement.fleissKappa(complete.map { k in raters.map { units[k]![$0]! } })))
            let pairable = keys.filter { k in units[k]!.count >= 2 }
            r.krippendorff.append(.init(labelSet: set, annotators: raters, n: pairable.count,
                                        images: Self.unique(pairable.map { unitImages[$0]! }),
                                        value: CategoricalAgreement.krippendorffAlpha(keys.map { k in raters.map { units[k]![$0] } })))
        }
        for (key, results) in masks.sorted(by: { $0.key < $1.key }) {
            r.segmentations.append(.init(annotators: [key.pair.a, key.pair.b], source: key.source,
                                         value: key.source == "labelmap" ? key.value : nil, name: key.name, perImage: results))
        }
        for model in models.sorted() {
            let counts = proposalCounts[model] ?? (0, 0, 0)
            for human in annotators.sorted() where !models.contains(human) {
                let dice = proposalDice[Pair(model, human)] ?? []
                r.modelPairs.append(.init(model: model, human: human, accepted: counts.accepted, rejected: counts.rejected,
                                          proposed: counts.proposed, dice: AgreementReport.average(dice.map { $0.dice }),
                                          images: Self.unique(dice.map { $0.image })))
            }
        }
        return r
    }

    static func landmarkFigures(_ mm: [Double]) -> AgreementReport.LandmarkFigures {
        let mre = AgreementReport.average(mm) ?? 0
        let sd = mm.count > 1 ? (mm.reduce(0) { $0 + ($1 - mre) * ($1 - mre) } / Double(mm.count - 1)).squareRoot() : 0
        let success = AgreementReport.successRadii.map { r in 100 * Double(mm.filter { $0 <= r }.count) / Double(mm.count) }
        return .init(matched: mm.count, mreMM: mre, sdMM: sd, successPercent: success)
    }

    private static func unique(_ names: [String]) -> [String] {
        Array(Set(names)).sorted()
    }
}
