/// A module parameter file under <root>/sys/module/<module>/parameters.
/// Present only while the module is loaded (or built in with parameters).
public struct ModuleParameter: Sendable {
    public var module: String
    public var name: String
    public var root: SystemRoot

    public init(module: String, name: String, root: SystemRoot = SystemRoot()) {
        self.module = module
        self.name = name
        self.root = root
    }

    /// vfio's switch for devices without an IOMMU; mode 0644, so root can
    /// flip it at any time, also while devices are bound and open.
    public static func noiommu(root: SystemRoot = SystemRoot()) -> ModuleParameter {
        ModuleParameter(module: "vfio", name: "enable_unsafe_noiommu_mode", root: root)
    }

    public var path: String {
        root.sys("module/\(module)/parameters/\(name)")
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
