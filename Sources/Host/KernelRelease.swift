import Glibc

/// The running kernel's release, what `uname -r` prints.
public enum KernelRelease {
    public static var running: String {
        var names = utsname()
        guard uname(&names) == 0 else { return "unknown" }
        return withUnsafeBytes(of: names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
