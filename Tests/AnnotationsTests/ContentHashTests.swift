import Foundation
import Testing
import TestSupport
@testable import Annotations

@Suite(.serialized) struct ContentHashTests {
    // FIPS 180-4 example messages.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(message: String, digest: String) {
        #expect(ContentHash.hex(of: Array(message.utf8)) == digest)
    }

    /// A file of several 1 MiB pieces streamed through the hasher gives what coreutils'
    /// sha256sum says.
    @Test func fileDigestMatchesSha256sum() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("data.bin", (0..<3_000_001).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 251) })
        let result = try runProcess("/usr/bin/sha256sum", [path])
        #expect(result.status == 0)
        #expect(try ContentHash.hex(ofFile: path) == String(result.stdout.prefix(64)))
    }

    /// An unchanged file is hashed once per process; a rewritten one again.
    @Test func unchangedFileIsHashedOnce() throws {
        let (folder, volume) = try Fake.imageFolder(content: Array("first content".utf8))
        defer { folder.cleanUp() }
        let path = volume.metadata.sourceFiles[0]
        let first = try AnnotationStore(volume: volume)
        let second = try AnnotationStore(volume: volume)
        #expect(first.image == second.image)
        #expect(ContentHash.timesRead(path) == 1)

        try folder.write("ct.nii", Array("other content, other size".utf8))
        let third = try AnnotationStore(volume: volume)
        #expect(ContentHash.timesRead(path) == 2)
        #expect(third.image.files[0].sha256 == ContentHash.hex(of: Array("other content, other size".utf8)))
    }
}
