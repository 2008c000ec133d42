import VolumeKit

/// What the confidentiality profile does with one attribute (PS3.15 Table E.1-1 action codes,
/// combined codes already resolved by Type).
public enum DeidAction: Sendable, Equatable {
    /// D: a non-zero-length dummy value consistent with the VR.
    case dummy
    /// Z: zero length (or a dummy value).
    case empty
    /// X: removed.
    case remove
    /// K: kept (a sequence's items are still processed).
    case keep
    /// C: cleaned: a value of similar meaning without identifying information.
    case clean
    /// U: a UID replaced by one that is consistent within the set of instances.
    case replaceUID
}

/// One option of the profile (the option columns of Table E.1-1).
public enum DeidOption: String, Sendable, Hashable, CaseIterable {
    case retainSafePrivate, retainUIDs, retainDeviceIdentity, retainInstitutionIdentity
    case retainPatientCharacteristics, retainFullDates, retainModifiedDates
    case cleanDescriptors, cleanStructuredContent, cleanGraphics

    /// The standard's name, e.g. "Retain Device Identity Option".
    public var standardName: String { DeidActionTable.optionNames[self]?.name ?? rawValue }
    /// Its code in DCM (CID 7050 De-identification Method), e.g. "113109".
    public var code: String { DeidActionTable.optionNames[self]?.code ?? "" }
}

/// One row of Table E.1-1: a tag, or a tag pattern like (50xx,xxxx), with its actions.
public struct DeidRule: Sendable {
    public let value: UInt32
    public let mask: UInt32
    public let name: String
    /// The basic profile's code as the standard writes it ("X/Z/D").
    public let code: String
    public let basic: DeidAction
    public let options: [DeidOption: DeidAction]

    func matches(_ tag: DICOMTag) -> Bool { tag.rawValue & mask == value }

    /// The action with the given options in force: cleaning options first, then retaining
    /// options, so that a K wins over a C when both apply.
    public func action(with enabled: Set<DeidOption>) -> DeidAction {
        var action = basic
        for option in DeidActionTable.optionOrder where enabled.contains(option) {
            if let a = options[option] { action = a }
        }
        return action
    }
}

/// Table E.1-1, looked up by tag.
public enum DeidActionTable {
    static let optionOrder: [DeidOption] = [
        .cleanGraphics, .cleanStructuredContent, .cleanDescriptors, .retainModifiedDates,
        .retainSafePrivate, .retainUIDs, .retainDeviceIdentity, .retainInstitutionIdentity,
        .retainPatientCharacteristics, .retainFullDates,
    ]

    private static let exact: [UInt32: DeidRule] = {
        var table: [UInt32: DeidRule] = [:]
        for rule in rules where rule.mask == 0xFFFF_FFFF { table[rule.value] = rule }
        return table
    }()
    private static let patterns = rules.filter { $0.mask != 0xFFFF_FFFF }

    /// The rule for a standard (even-group) tag, nil when the table does not list it.
    public static func rule(for tag: DICOMTag) -> DeidRule? {
        if let rule = exact[tag.rawValue] { return rule }
        for rule in patterns where rule.matches(tag) { return rule }
        return nil
    }
}
