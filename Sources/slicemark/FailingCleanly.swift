import ArgumentParser
import Foundation
import VolumeKit

/// Runs a command body so that a reading error becomes one line on stderr and exit code 1,
/// never a stack trace.
func failingCleanly(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as VolumeKitError {
        FileHandle.standardError.write(Data("slicemark: \(error.description)\n".utf8))
        throw ExitCode(1)
    }
}
