import Annotations
import ArgumentParser
import Foundation
import VolumeKit

/// What the commands that read sidecars over images (export, status, predict, import) check
/// first, each with one line on stderr: the paths named exist, `--sidecar-dir` is a folder, and
/// the images the paths hold.
enum CommandInputs {
    /// Exit 1 naming the first path that does not exist.
    static func requireExisting(_ paths: [String]) throws {
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            Output.error("\(path): no such file or folder")
            throw ExitCode(1)
        }
    }

    /// Exit 2 when `--sidecar-dir` names no folder.
    static func requireSidecarFolder(_ directory: String?) throws {
        var isFolder: ObjCBool = false
        guard let directory, !(FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder) && isFolder.boolValue)
        else { return }
        Output.error("--sidecar-dir \(directory): no such folder")
        throw ExitCode(2)
    }

    /// The images the paths hold (folders scanned), exit 1 with the reader's line when it fails.
    static func sources(_ paths: [String]) throws -> [ImageSource] {
        do {
            return try ExportInput.sources(paths)
        } catch {
            Output.error("\(error)")
            throw ExitCode(1)
        }
    }
}
