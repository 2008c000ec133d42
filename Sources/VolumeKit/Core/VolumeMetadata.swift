public enum ImageFormat: String, Sendable, Codable {
    case dicom, nifti, analyze, demo
}

/// One header field for the metadata browser: a DICOM element or a NIfTI header field.
public struct MetadataField: Sendable, Equatable {
    /// "(0010,0010)" for DICOM, the field name for NIfTI.
    public var key: String
    public var name: String
    public var value: String
    /// Patient-identifying: hidden unless the user asks for it, never written to a sidecar.
    public var identifiesPatient: Bool
    /// Nesting depth (items of a sequence are one deeper than the sequence).
    public var depth: Int

    public init(key: String, name: String, value: String, identifiesPatient: Bool = false, depth: Int = 0) {
        self.key = key
        self.name = name
        self.value = value
        self.identifiesPatient = identifiesPatient
        self.depth = depth
    }
}

/// What identifies the image for sidecars, without identifying the patient.
public struct ImageIdentity: Sendable, Equatable, Codable {
    public var studyInstanceUID: String?
    public var seriesInstanceUID: String?
    public var sopInstanceUIDs: [String]

    public init(studyInstanceUID: String? = nil, seriesInstanceUID: String? = nil,
                sopInstanceUIDs: [String] = []) {
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUIDs = sopInstanceUIDs
    }
}

/// A palette (PALETTE COLOR) lookup table: stored index → RGB, 8 bits a channel.
public struct Palette: Sendable, Equatable {
    public var firstIndex: Int
    public var red: [UInt8]
    public var green: [UInt8]
    public var blue: [UInt8]

    public init(firstIndex: Int, red: [UInt8], green: [UInt8], blue: [UInt8]) {
        self.firstIndex = firstIndex
        self.red = red
        self.green = green
        self.blue = blue
    }
}

/// Where one slice of a DICOM volume came from: its file, the frame in it, and its Instance
/// Number, so the viewer can name what a radiologist would look up on a workstation.
public struct SliceOrigin: Sendable, Equatable {
    public var file: String
    public var frame: Int
    public var instanceNumber: Int?

    public init(file: String, frame: Int, instanceNumber: Int?) {
        self.file = file
        self.frame = frame
        self.instanceNumber = instanceNumber
    }
}

public struct VolumeMetadata: Sendable {
    public var format: ImageFormat
    /// The files the volume was read from (one for NIfTI, the .hdr and .img of a pair, every slice of a series).
    public var sourceFiles: [String]
    /// What `info` reports as `datatype` (`int16`, `uint8`, `float32`, `rgb24`, …).
    public var datatypeName: String
    public var modality: String?
    public var seriesDescription: String?
    /// DICOM only.
    public var transferSyntaxUID: String?
    /// DICOM Photometric Interpretation; nil for NIfTI/Analyze.
    public var photometric: String?
    /// Windows the file itself suggests (DICOM Window Center/Width, NIfTI cal_min/cal_max).
    public var fileWindows: [WindowLevel]
    public var palette: Palette?
    public var identity: ImageIdentity
    public var fields: [MetadataField]
    /// Things the reader noticed and did not hide: gaps, uneven spacing, duplicates.
    public var warnings: [String]
    /// DICOM: where each slice came from, indexed by `timepoint × depth + k`; empty otherwise.
    public var slices: [SliceOrigin] = []

    public init(format: ImageFormat, sourceFiles: [String], datatypeName: String,
                modality: String? = nil, seriesDescription: String? = nil,
                transferSyntaxUID: String? = nil, photometric: String? = nil,
                fileWindows: [WindowLevel] = [], palette: Palette? = nil,
                identity: ImageIdentity = ImageIdentity(), fields: [MetadataField] = [],
                warnings: [String] = []) {
        self.format = format
        self.sourceFiles = sourceFiles
        self.datatypeName = datatypeName
        self.modality = modality
        self.seriesDescription = seriesDescription
        self.transferSyntaxUID = transferSyntaxUID
        self.photometric = photometric
        self.fileWindows = fileWindows
        self.palette = palette
        self.identity = identity
        self.fields = fields
        self.warnings = warnings
    }

    /// MONOCHROME1: low values are bright. A display matter; statistics ignore it.
    public var isInvertedGrey: Bool { photometric == "MONOCHROME1" }
}
