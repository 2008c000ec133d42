/// Recognises DICOM data that has no 128-byte preamble and "DICM" prefix: a bare dataset (old
/// archives, ACR-NEMA style) or a file meta group written from byte 0.
enum DICOMSniffer {
    static func looksLikeBareDataset(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 8 else { return false }
        if bytes[0] == 0x44, bytes[1] == 0x49, bytes[2] == 0x43, bytes[3] == 0x4D { return true }  // "DICM"
        let little = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
        let big = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        let groups: Set<UInt16> = [0x0002, 0x0008]
        let bigEndian = !groups.contains(little) && groups.contains(big)
        guard groups.contains(little) || bigEndian else { return false }
        let element = bigEndian ? UInt16(bytes[2]) << 8 | UInt16(bytes[3]) : UInt16(bytes[2]) | UInt16(bytes[3]) << 8
        // Datasets open with a low element of the group (group length, character set, image type…).
        guard element < 0x0100 else { return false }
        let vr = DICOMValueRepresentation(code: UInt16(bytes[4]) << 8 | UInt16(bytes[5]))
        if vr.isPlausible {
            // Explicit VR: a known VR and a short length.
            guard DICOMValueRepresentation.known.contains(vr) else { return false }
            let length = bigEndian ? Int(bytes[6]) << 8 | Int(bytes[7]) : Int(bytes[6]) | Int(bytes[7]) << 8
            return length < 1024 || vr.hasLongLength
        }
        if bigEndian { return false }  // big endian is always explicit VR
        let length = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        guard length < 1024 else { return false }
        // The next element must also fit the pattern: same group, ascending element.
        let next = 8 + length
        guard bytes.count >= next + 4 else { return bytes.count < 64 ? false : true }
        let nextGroup = UInt16(bytes[next]) | UInt16(bytes[next + 1]) << 8
        let nextElement = UInt16(bytes[next + 2]) | UInt16(bytes[next + 3]) << 8
        return (nextGroup == little && nextElement > element) || (nextGroup > little && nextGroup <= 0x0010)
    }
}

extension DICOMValueRepresentation {
    static let known: Set<DICOMValueRepresentation> = [
        .AE, .AS, .AT, .CS, .DA, .DS, .DT, .FD, .FL, .IS, .LO, .LT, .OB, .OD, .OF, .OL, .OV, .OW,
        .PN, .SH, .SL, .SQ, .SS, .ST, .SV, .TM, .UC, .UI, .UL, .UN, .UR, .US, .UT, .UV,
    ]
}
