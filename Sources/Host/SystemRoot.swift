/// Where sysfs, devtmpfs and procfs live: "/" on a real system, a fixture
/// tree in tests, so every path the harness touches can be redirected.
public struct SystemRoot: Sendable {
    public var path: String

    public init(_ path: String = "/") {
        self.path = path
    }

    public func sys(_ relative: String) -> String { join("sys", relative) }
    public func dev(_ relative: String) -> String { join("dev", relative) }
    public func proc(_ relative: String) -> String { join("proc", relative) }

    /// By bytes: every path the harness makes goes through here, and a
    /// Character walk costs a grapheme break per character.
    private func join(_ mount: String, _ relative: String) -> String {
        let slash = UInt8(ascii: "/")
        let base = path.utf8.last == slash ? Substring(path.utf8.dropLast()) : Substring(path)
        let tail = Substring(relative.utf8.drop { $0 == slash })
        let head = String(base) + "/" + mount
        return tail.isEmpty ? head : head + "/" + tail
    }
}
