/// A module parameter file under <root>/sys/module/<module>/parameters.
/// Present only while the module is loaded (or built in with parameters).
public struct ModuleParameter: Sendable {
    public let module: String
    public let name: String
    /// Made once: a race's mode writer writes it every round.
    public let path: String

    public init(module: String, name: String, root: SystemRoot = SystemRoot()) {
        self.module = module
        self.name = name
        path = root.sys("module/\(module)/parameters/\(name)")
    }

    /// vfio's switch for devices without an IOMMU; mode 0644, so root can
    /// flip it at any time, also while devices are bound and open.
    public static func noiommu(root: SystemRoot = SystemRoot()) -> ModuleParameter {
        ModuleParameter(module: "vfio", name: "enable_unsafe_noiommu_mode", root: root)
    }

    /// Booleans read as "Y" or "N".
    public func read() throws(HostError) -> String {
        try SysFile.read(path)
    }

    /// Booleans accept Y/N, 1/0, y/n.
    public func write(_ value: String) throws(HostError) {
        try SysFile.write(value, to: path)
    }
}
