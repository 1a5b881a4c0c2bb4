import Host
import Kmod
import Probes

/// The kernel and device the matrix runs against, found once before the first cell.
public struct TestEnvironment: Sendable {
    public var root: SystemRoot
    public var kmod: KmodContext
    public var bus: PCIBus
    /// The device as it was before the harness touched it.
    public var device: PCIDevice
    public var features: VFIOFeatures
    public var variant: String
    public var topology: String
    public var kernel: String
    /// This binary, re-run as an unprivileged child for the CAP_SYS_RAWIO checks.
    public var executable: String
    public var expectations: ExpectationTable
    /// The noiommu PA query's iommufd command number; nil: the tree has none.
    public var getPACommand: UInt8? = mergedGetPACommand

    /// IOMMUFD_CMD_IOAS_NOIOMMU_GET_PA as merged (after HW_QUEUE_ALLOC, 0x94).
    public static let mergedGetPACommand: UInt8 = 0x95

    public init(root: SystemRoot, kmod: KmodContext, device: PCIDevice, features: VFIOFeatures,
                variant: String, topology: String?, kernel: String, executable: String,
                expectations: ExpectationTable) {
        self.root = root
        self.kmod = kmod
        self.bus = PCIBus(root: root)
        self.device = device
        self.features = features
        self.variant = variant
        self.topology = topology ?? (device.iommuGroup == nil ? "noiommu" : "viommu")
        self.kernel = kernel
        self.executable = executable
        self.expectations = expectations
    }

    var hasIOMMUGroup: Bool { device.iommuGroup != nil }

    /// The facts expectation rows are conditioned on.
    var facts: [String: String] {
        var facts = features.conditions
        facts["topology"] = topology
        facts["iommu-group"] = hasIOMMUGroup ? "y" : "n"
        return facts
    }
}
