import Foundation
import VolumeKit

/// The worklist as `status` prints it: a table for people, JSON for scripts.
///
/// JSON (keys in this order):
/// `{"images": [{"image", "sidecar", "annotators": [{"annotator", "records", "draft", "proposed",
/// "accepted", "rejected", "changed_since_review"}], "labels": [{"label": "set:name",
/// "annotators"}], "problem"?}], "annotators": [{"annotator", "images", "records", …states}],
/// "totals": {"images", "annotated_images", "records", …states}, "todo"?: {"annotator",
/// "roles", "images": [path…], "items": [{"image", "reason", "record", "kind", "label",
/// "annotator", "reviewer"?, "comment"?}]}}`.
public enum WorklistReport {
    public static func json(_ worklist: Worklist, todo: Todo? = nil) -> JSONText {
        func counts(_ c: WorkCounts) -> [(String, JSONText)] {
            [("records", .int(c.total))] + WorkState.allCases.map { ($0.rawValue, .int(c[$0])) }
        }
        let images: [JSONText] = worklist.images.map { image in
            var fields: [(String, JSONText)] = [
                ("image", .string(image.path)),
                ("sidecar", image.hasSidecar ? .string(image.sidecarPath) : .null),
                ("annotators", .array(image.annotators.map { .object([("annotator", .string($0.annotator))] + counts($0.counts)) })),
                ("labels", .array(image.labels.map {
                    .object([("label", .string($0.label)), ("annotators", .array($0.annotators.map { .string($0) }))])
                })),
            ]
            if let problem = image.problem { fields.append(("problem", .string(problem))) }
            return .object(fields)
        }
        let annotators: [JSONText] = worklist.annotators.map {
            .object([("annotator", .string($0.annotator)), ("images", .int($0.images))] + counts($0.counts))
        }
        let annotated = worklist.images.filter { !$0.records.isEmpty }.count
        var top: [(String, JSONText)] = [
            ("images", .array(images)), ("annotators", .array(annotators)),
            ("totals", .object([("images", .int(worklist.images.count)), ("annotated_images", .int(annotated))]
                + counts(worklist.counts))),
        ]
        if let todo {
            var roles: [JSONText] = []
            if todo.roles.contains(.annotator) { roles.append(.string("annotator")) }
            if todo.roles.contains(.reviewer) { roles.append(.string("reviewer")) }
            let items: [JSONText] = todo.items.map { item in
                var fields: [(String, JSONText)] = [("image", .string(worklist.images[item.image].path)),
                                                    ("reason", .string(item.reason.rawValue))]
                if let record = item.record {
                    fields += [("record", .string(record.id.uuidString.lowercased())), ("kind", .string(record.kind)),
                               ("label", .string(record.label)), ("annotator", .string(record.annotator))]
                }
                if let review = item.review {
                    fields.append(("reviewer", .string(review.reviewer)))
                    if let comment = review.comment { fields.append(("comment", .string(comment))) }
                }
                return .object(fields)
            }
            top.append(("todo", .object([
                ("annotator", .string(todo.name)), ("roles", .array(roles)),
                ("images", .array(todo.imageIndices.map { .string(worklist.images[$0].path) })), ("items", .array(items)),
            ])))
        }
        return .object(top)
    }

    static let columns: [(String, WorkState)] = [("draft", .draft), ("proposed", .proposed), ("accepted", .accepted),
                                                  ("rejected", .rejected), ("changed", .changedSinceReview)]

    /// Per image, then per annotator, then the totals; names made safe for the terminal.
    public static func table(_ worklist: Worklist) -> String {
        var rows: [[String]] = [["image", "annotators"] + columns.map(\.0) + ["labels"]]
        for image in worklist.images {
            let who = image.annotators.map(\.annotator).joined(separator: " ")
            let labels = image.labels.map { "\($0.label) (\($0.annotators.joined(separator: ", ")))" }.joined(separator: "; ")
            let state = image.problem.map { "unreadable sidecar: \($0)" } ?? labels
            rows.append([image.path, image.hasSidecar ? (who.isEmpty ? "-" : who) : "none yet"]
                        + columns.map { String(image.counts[$0.1]) } + [state])
        }
        var out = aligned(rows)
        out += "\n"
        var people: [[String]] = [["annotator", "images", "records"] + columns.map(\.0)]
        for work in worklist.annotators {
            people.append([work.annotator, String(work.images), String(work.counts.total)] + columns.map { String(work.counts[$0.1]) })
        }
        people.append(["total", String(worklist.images.count), String(worklist.counts.total)]
                      + columns.map { String(worklist.counts[$0.1]) })
        out += aligned(people)
        return out
    }

    /// One line per thing to do, then a count.
    public static func todoText(_ todo: Todo, _ worklist: Worklist) -> String {
        var lines: [String] = []
        for item in todo.items {
            let image = worklist.images[item.image].path
            var line = "\(image): \(item.reason.words)"
            if let record = item.record {
                line += " — \(record.kind) \"\(record.label)\" (\(record.annotator))"
            }
            if let review = item.review, item.reason != .notReviewed {
                line += " · \(review.decision.rawValue) by \(review.reviewer)" + (review.comment.map { ": \($0)" } ?? "")
            }
            lines.append(TerminalSafeText.make(line))
        }
        let images = todo.imageIndices.count
        let name = TerminalSafeText.make(todo.name)
        lines.append(todo.items.isEmpty ? "\(name): nothing to do"
                     : "\(name): \(todo.items.count) to do on \(images) image\(images == 1 ? "" : "s")")
        return lines.joined(separator: "\n") + "\n"
    }

    static func aligned(_ rows: [[String]]) -> String {
        let safe = rows.map { $0.map { TerminalSafeText.make($0) } }
        let widths = (0..<(safe.first?.count ?? 0)).map { c in safe.map { $0[c].count }.max() ?? 0 }
        return safe.map { row in
            row.enumerated().map { c, text in
                c == row.count - 1 ? text : text.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
