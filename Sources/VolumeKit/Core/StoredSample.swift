/// The Swift types of stored samples, one per `VoxelType`, read as Float (display) or Double
/// (statistics) by one generic loop each. The types themselves are `SendableMetatype`, so a loop
/// split over the cores may name them in its tasks.
public protocol StoredSample: Sendable, SendableMetatype {
    var floatValue: Float { get }
    var doubleValue: Double { get }
}

/// Integer samples: sums can be exact and every bit pattern is a value.
public protocol StoredInteger: StoredSample, FixedWidthInteger {}

/// Floating-point samples: NaN may stand for "no value" (outside a resampled field of view).
public protocol StoredFloat: StoredSample, BinaryFloatingPoint {}

/// Code written once, generic over the stored sample type, that `VoxelType.dispatch` runs with
/// the type a volume's samples have. Integers and floating point come apart where the maths
/// differs (exact integer sums, NaN); a body that treats them alike is a `UniformSampleBody`.
public protocol SampleBody {
    associatedtype Result
    func integer<T: StoredInteger>(_: T.Type) -> Result
    func floatingPoint<T: StoredFloat>(_: T.Type) -> Result
}

/// A `SampleBody` with one generic function for every sample type. (Its `Result` must be named
/// with a `typealias`: Swift does not infer it from `run`.)
public protocol UniformSampleBody: SampleBody {
    func run<T: StoredSample>(_: T.Type) -> Result
}

extension UniformSampleBody {
    @inlinable public func integer<T: StoredInteger>(_ type: T.Type) -> Result { run(type) }
    @inlinable public func floatingPoint<T: StoredFloat>(_ type: T.Type) -> Result { run(type) }
}

extension VoxelType {
    /// Runs `body` with the Swift type of this voxel type's samples: the one `switch` over
    /// `VoxelType` that code reading samples needs.
    @inlinable
    public func dispatch<Body: SampleBody>(_ body: Body) -> Body.Result {
        switch self {
        case .uint8: return body.integer(UInt8.self)
        case .int8: return body.integer(Int8.self)
        case .uint16: return body.integer(UInt16.self)
        case .int16: return body.integer(Int16.self)
        case .uint32: return body.integer(UInt32.self)
        case .int32: return body.integer(Int32.self)
        case .int64: return body.integer(Int64.self)
        case .float32: return body.floatingPoint(Float.self)
        case .float64: return body.floatingPoint(Double.self)
        }
    }
}

extension UInt8: StoredInteger {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
}
extension Int8: StoredInteger {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
}
extension UInt16: StoredInteger {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
}
extension Int16: StoredInteger {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
}
extension UInt32: StoredInteger {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
}
extension Int32: StoredInteger {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
}
extension Int64: StoredInteger {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { Double(self) }
}
extension Float: StoredFloat {
    @inlinable public var floatValue: Float { self }
    @inlinable public var doubleValue: Double { Double(self) }
}
extension Double: StoredFloat {
    @inlinable public var floatValue: Float { Float(self) }
    @inlinable public var doubleValue: Double { self }
}
