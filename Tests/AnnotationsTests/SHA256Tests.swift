import Foundation
import Testing
import TestSupport
@testable import Annotations

@Suite struct SHA256Tests {
    // FIPS 180-4 example messages.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(message: String, digest: String) {
        #expect(SHA256.hex(of: Array(message.utf8)) == digest)
    }

    /// Pieces of every size across block boundaries give the digest of the whole.
    @Test func incrementalEqualsWhole() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = SHA256()
        var offset = 0, step = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            hasher.update(Array(bytes[offset..<end]))
            offset = end
            step = step % 70 + 13
        }
        #expect(hasher.finalizeHex() == SHA256.hex(of: bytes))
    }

    /// A file's digest equals what coreutils' sha256sum says.
    @Test func fileDigestMatchesSha256sum() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("data.bin", (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 251) })
        let result = try runProcess("/usr/bin/sha256sum", [path])
        #expect(result.status == 0)
        #expect(try SHA256.hex(ofFile: path) == String(result.stdout.prefix(64)))
    }
}
