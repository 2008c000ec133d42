import ArgumentParser
import Glibc

@main
struct Slicemark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slicemark",
        abstract: "View and annotate DICOM and NIfTI/Analyze images in the terminal.",
        subcommands: [View.self, Info.self, Render.self, Load.self],
        defaultSubcommand: View.self
    )

    /// ArgumentParser's own `main`, with its messages (which quote the arguments, file names
    /// among them) written through `Output`.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == .success { Output.print(message) } else { Output.errorLines(message) }
            }
            Glibc.exit(code.rawValue)
        }
    }
}
