import ArgumentParser

@main
struct Slicemark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slicemark",
        abstract: "View and annotate DICOM and NIfTI/Analyze images in the terminal.",
        subcommands: [View.self, Info.self, Render.self, Load.self],
        defaultSubcommand: View.self
    )
}
