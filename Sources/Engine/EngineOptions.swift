import Results
/// How the engine finds its kernel and device, from the command line.
public struct EngineOptions: Sendable {
    public var root = "/"
    /// A PCI address or vendor:device; nil picks QEMU's edu, else pci-testdev.
    public var device: String?
    /// The user says `device` is spare: it may be bound even when it is not
    /// a test device (never when the machine is using it).
    public var deviceIsDisposable = false
    public var variant: VariantName?
    public var topology: Topology?
    public var expectations: String
    public var modulesDirectory: String?
    public var allowHost = false
    /// The noiommu PA query's iommufd command number; nil: the tree has none.
    public var getPACommand: UInt8?
    /// How the race scenarios race: seconds, seed, iterations.
    public var race = RaceSettings()
    /// Every cell keeps its kernel calls (`Evidence.calls`): `--repro`.
    public var keepCalls = false

    public init(expectations: String) { self.expectations = expectations }
}
