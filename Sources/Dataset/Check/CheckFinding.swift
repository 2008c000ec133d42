/// One problem `check` found: `error|warning CODE PATH: message`.
public struct CheckFinding: Sendable, Codable, Equatable, Hashable, Comparable {
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    public var code: CheckCode
    public var path: String
    public var message: String

    public init(_ severity: Severity, _ code: CheckCode, _ path: String, _ message: String) {
        self.severity = severity
        self.code = code
        self.path = path
        self.message = message
    }

    public var line: String { "\(severity.rawValue) \(code.rawValue) \(path): \(message)" }

    public static func < (a: CheckFinding, b: CheckFinding) -> Bool {
        (a.path, a.code.rawValue, a.severity == .error ? 0 : 1, a.message) < (b.path, b.code.rawValue, b.severity == .error ? 0 : 1, b.message)
    }
}

/// The codes of DESIGN.md ("Dataset checks and harmonisation"), plus `label-map-grid`.
public enum CheckCode: String, Sendable, Codable, CaseIterable {
    case unreadable
    case duplicateSOPInstanceUID = "duplicate-sop-instance-uid"
    case duplicateImage = "duplicate-image"
    case missingSlice = "missing-slice"
    case unevenSpacing = "uneven-spacing"
    case mixedOrientation = "mixed-orientation"
    case inconsistentSeries = "inconsistent-series"
    case missingAttribute = "missing-attribute"
    case sidecarImageMismatch = "sidecar-image-mismatch"
    case orphanSidecar = "orphan-sidecar"
    case orphanLabelMap = "orphan-label-map"
    case labelMapGrid = "label-map-grid"
    case unannotated
    case phiPresent = "phi-present"
}
