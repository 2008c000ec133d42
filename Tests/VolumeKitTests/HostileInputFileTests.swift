import Foundation
import Testing
import TestSupport
import VolumeKit

/// The file layer with things that are not plain files where an image should be.
@Suite struct HostileInputFileTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "slicemark-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aFIFOWhereAnImageShouldBeIsRefusedAtOnce() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["scan.dcm", "scan.nii", "scan.nii.gz"] {
            let fifo = dir + "/" + name
            #expect(mkfifo(fifo, 0o600) == 0)
            let started = Date()
            #expect(throws: VolumeKitError.unreadable(path: fifo, reason: "a FIFO, not a regular file")) {
                try VolumeLoader.load(path: fifo)
            }
            #expect(Date().timeIntervalSince(started) < 2, "no open blocks on the FIFO")
            #expect(POSIXFile.readFile(fifo) == .failure(POSIXErrno(code: EINVAL)))
        }
    }

    @Test func foldersLinksAndMissingFiles() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let link = dir + "/linked.nii"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Fixtures.path("nibabel/anatomical.nii"))
        // Reading follows links; opening for writing with O_NOFOLLOW refuses them.
        #expect(try VolumeLoader.load(path: link).dimensions == [33, 41, 25])
        #expect(POSIXFile.openFile(link, O_WRONLY | O_NOFOLLOW) == .failure(POSIXErrno(code: ELOOP)))
        #expect(try POSIXFile.linkStatus(link).get().kind == .symbolicLink)
        #expect(try POSIXFile.pathStatus(link).get().kind == .regular)
        #expect(throws: VolumeKitError.notAnImage(path: dir)) { try ReadableFile(path: dir) }
        #expect(throws: VolumeKitError.fileNotFound(path: dir + "/none.dcm")) { try ReadableFile(path: dir + "/none.dcm") }
        #expect(POSIXFile.readFile(dir) == .failure(POSIXErrno(code: EISDIR)))
    }

    @Test func writeSyncLockReadBack() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/new.json"
        let fd = try POSIXFile.openFile(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600).get()
        #expect(POSIXFile.openFile(path, O_WRONLY | O_CREAT | O_EXCL, 0o600) == .failure(POSIXErrno(code: EEXIST)))
        #expect(POSIXFile.lockExclusive(fd) == nil)
        let other = try POSIXFile.openFile(path, O_RDONLY).get()
        #expect(try POSIXFile.tryLockExclusive(other).get() == false, "the first lock holds")
        #expect(POSIXFile.writeAll(fd, Array("hello".utf8)) == nil)
        #expect(POSIXFile.sync(fd) == nil)
        #expect(POSIXFile.syncFolder(dir) == nil)
        POSIXFile.closeFile(fd)
        #expect(try POSIXFile.tryLockExclusive(other).get() == true, "closing released the lock")
        POSIXFile.closeFile(other)
        #expect(try POSIXFile.readFile(path).get() == Array("hello".utf8))
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(POSIXFile.renameFile(path, to: dir + "/moved.json") == nil)
        #expect(POSIXFile.removeFile(dir + "/moved.json") == nil)
        #expect(POSIXFile.removeFile(dir + "/moved.json") == nil, "already gone is fine")
        #expect(POSIXErrno(code: ENOENT).description == String(cString: strerror(ENOENT)))
    }
}
