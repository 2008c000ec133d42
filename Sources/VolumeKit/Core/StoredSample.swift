/// The stored sample types, read as Float (display) or Double (statistics) by one generic loop each.
protocol StoredSample: Sendable {
    var floatValue: Float { get }
    var doubleValue: Double { get }
}

extension UInt8: StoredSample {
    var floatValue: Float { Float(self) }
    var doubleValue: Double { Double(self) }
}
extension Int8: StoredSample {
    var floatValue: Float { Float(self) }
    var doubleValue: Double { Double(self) }
}
extension UInt16: StoredSample {
    var floatValue: Float { Float(self) }
    var doubleValue: Double { Double(self) }
}
extension Int16: StoredSample {
    var floatValue: Float { Float(self) }
    var doubleValue: Double { Double(self) }
}
extension UInt32: StoredSample {
    var floatValue: Float { Float(self) }
    var doubleValue: Double { Double(self) }
}
extension Int32: StoredSample {
    var floatValue: Float { Float(self) }
    var doubleValue: Double { Double(self) }
}
extension Int64: StoredSample {
    var floatValue: Float { Float(self) }
    var doubleValue: Double { Double(self) }
}
extension Float: StoredSample {
    var floatValue: Float { self }
    var doubleValue: Double { Double(self) }
}
extension Double: StoredSample {
    var floatValue: Float { Float(self) }
    var doubleValue: Double { self }
}
