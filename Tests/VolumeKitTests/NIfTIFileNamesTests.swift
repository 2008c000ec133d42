import Testing
@testable import VolumeKit

/// The partner of one file of a `.hdr`/`.img` pair, in the case and compression the user has.
@Suite struct NIfTIFileNamesTests {
    @Test func partnersKeepTheCaseAndTryTheSameCompressionFirst() {
        #expect(NIfTIFileNames.partnerCandidates(of: "/data/brain.hdr", ext: "hdr", partner: "img")
                == ["/data/brain.img", "/data/brain.img.gz", "/data/brain.IMG", "/data/brain.IMG.gz"])
        #expect(NIfTIFileNames.partnerCandidates(of: "/data/brain.img.gz", ext: "img", partner: "hdr")
                == ["/data/brain.hdr.gz", "/data/brain.hdr", "/data/brain.HDR", "/data/brain.HDR.gz"])
        #expect(NIfTIFileNames.partnerCandidates(of: "/DATA/BRAIN.HDR", ext: "hdr", partner: "img")
                == ["/DATA/BRAIN.IMG", "/DATA/BRAIN.IMG.GZ", "/DATA/BRAIN.img", "/DATA/BRAIN.img.GZ"])
    }

    @Test func extensionsAreFoundUnderAGzSuffixInAnyCase() {
        #expect(NIfTIFileNames.hasExtension("scan.HDR.GZ", "hdr"))
        #expect(NIfTIFileNames.hasExtension("scan.img", "img"))
        #expect(!NIfTIFileNames.hasExtension("scan.nii.gz", "hdr"))
        #expect(NIfTIFileNames.withoutGz("a.nii.GZ") == ("a.nii", true))
        #expect(NIfTIFileNames.withoutGz("a.nii") == ("a.nii", false))
    }
}
