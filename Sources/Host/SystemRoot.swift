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

    private func join(_ mount: String, _ relative: String) -> String {
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        let tail = relative.drop { $0 == "/" }
        return tail.isEmpty ? "\(base)/\(mount)" : "\(base)/\(mount)/\(tail)"
    }
}
