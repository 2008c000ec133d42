/// The model whose output is imported: `--as NAME[@VERSION]`. Its name is the annotator of
/// every record it proposes (and names its label map file); the version tells one run of the
/// model from a later one, so a newer version's proposals stand beside the older ones.
public struct ProposalModel: Sendable, Equatable, Hashable {
    /// The version recorded when `--as` names none.
    public static let unversioned = "unversioned"

    public var name: String
    public var version: String

    public init(name: String, version: String = ProposalModel.unversioned) {
        self.name = name
        self.version = version
    }

    /// `NAME` or `NAME@VERSION`; nil (with the reason) when the name is empty or not printable.
    public static func parse(_ text: String) -> Result<ProposalModel, ImportError> {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let name = parts[0], version = parts.count > 1 ? parts[1] : unversioned
        func printable(_ s: String) -> Bool {
            !s.isEmpty && s.count <= 128 && s.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }
        }
        guard printable(name) else { return .failure(.badModel(text, reason: "the model needs a name without spaces or control characters")) }
        guard printable(version) else { return .failure(.badModel(text, reason: "the version after @ is empty or holds spaces or control characters")) }
        return .success(ProposalModel(name: name, version: version))
    }

    /// The record source of a proposal, with the model's score for it when given.
    public func source(score: Double? = nil) -> RecordSource {
        .model(name: name, version: version, score: score.flatMap { $0.isFinite ? $0 : nil })
    }

    /// Who the proposals are by (`annotator`): the model's name.
    public var annotator: String { name }

    /// The name its label map file is made from: the model's name, and its version when one
    /// was given (so two versions' maps are two files): `<image>.<name>[@<version>].seg.nii.gz`
    /// with `@` and other characters outside `[A-Za-z0-9._-]` written as `_`.
    public var labelMapOwner: String { version == Self.unversioned ? name : name + "@" + version }

    public var description: String { version == Self.unversioned ? name : name + "@" + version }
}
