import ArgumentParser
import Foundation
import VolumeKit

/// Runs a command body so that a reading error becomes one line on stderr and exit code 1,
/// never a stack trace.
func failingCleanly(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as VolumeKitError {
        reportError(error)
        throw ExitCode(1)
    }
}

/// One line on stderr: the file and what is wrong with it.
func reportError(_ error: VolumeKitError) {
    Output.error(error.description)
}
