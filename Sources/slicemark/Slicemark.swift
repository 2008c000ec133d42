import ArgumentParser
import Glibc

@main
struct Slicemark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slicemark",
        abstract: "View and annotate DICOM and NIfTI/Analyze images in the terminal.",
        version: "slicemark \(SlicemarkVersion.current) (sidecars slicemark/2)",
        subcommands: [View.self, Info.self, Render.self, Load.self, Export.self, Import.self, Predict.self,
                      Audit.self, Status.self, Agree.self, Consensus.self, Check.self, Deid.self],
        defaultSubcommand: View.self
    )

    /// ArgumentParser's own `main`, with its messages (which quote the arguments, file names
    /// among them) written through `Output`.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            // One code for one kind of mistake: a wrong option or argument is 2, as a keymap,
            // label set or template that cannot be used is (ArgumentParser's own would be 64).
            var code = exitCode(for: error)
            if code == .validationFailure { code = ExitCode(2) }
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { Output.print(message) } else { Output.errorLines(message) }
            }
            Glibc.exit(code.rawValue)
        }
    }
}
