/// How the engine finds its kernel and device, from the command line.
public struct EngineOptions: Sendable {
    public var root = "/"
    /// A PCI address or vendor:device; nil picks QEMU's edu, else pci-testdev.
    public var device: String?
    public var variant: String?
    public var topology: String?
    public var expectations: String
    public var modulesDirectory: String?
    public var allowHost = false

    public init(expectations: String) { self.expectations = expectations }
}
