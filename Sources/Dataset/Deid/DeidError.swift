/// What stops `deid` before it writes anything, or a file it cannot de-identify.
public enum DeidError: Error, Equatable, Sendable, CustomStringConvertible {
    case mapInsideOutput(map: String, out: String)
    case unreadableMap(path: String, reason: String)
    case badMap(path: String, line: Int, reason: String)
    case cannotWrite(path: String, reason: String)
    case unreadable(path: String, reason: String)
    case badRectangles(String)
    case badSafePrivateList(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .mapInsideOutput(let map, let out):
            return "\(map): the map file must not be inside the output folder \(out) (it holds the key to every pseudonym)"
        case .unreadableMap(let path, let reason): return "\(path): cannot read the map file: \(reason)"
        case .badMap(let path, let line, let reason): return "\(path) line \(line): \(reason)"
        case .cannotWrite(let path, let reason): return "\(path): cannot write: \(reason)"
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .badSafePrivateList(let path, let line, let reason):
            return "\(path) line \(line): \(reason) (a line is GROUP,PRIVATE CREATOR,ELEMENT[,NAME], e.g. 0029,SIEMENS CSA HEADER,10,CSA Image Header Info)"
        case .badRectangles(let text):
            return "--clean-pixels \(text): expected rectangles x,y,width,height separated by ';' (for example 0,0,200,40)"
        }
    }
}
