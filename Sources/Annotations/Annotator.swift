import Foundation

/// Who is annotating: `--annotator NAME`, else `$SLICEMARK_ANNOTATOR`, else the login name.
public enum Annotator {
    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let name = environment["SLICEMARK_ANNOTATOR"], !name.isEmpty { return name }
        if let user = environment["USER"] ?? environment["LOGNAME"], !user.isEmpty { return user }
        return NSUserName()
    }
}
