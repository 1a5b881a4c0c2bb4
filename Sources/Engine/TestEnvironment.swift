import Host
import Kmod
import Probes
import Results

/// The kernel and device the matrix runs against, found once before the first cell.
public struct TestEnvironment: Sendable {
    public var root: SystemRoot
    public var kmod: any KernelModules
    public var bus: any DeviceBus
    public var vfio: any VFIOFiles
    /// The device as it was before the harness touched it.
    public var device: PCIDevice
    /// A second test device as it was, when the machine has one: what
    /// registers beside the device under test.
    public var companion: PCIDevice?
    public var features: VFIOFeatures
    public var variant: VariantName
    public var topology: Topology
    public var kernel: String
    public var expectations: ExpectationTable
    /// The noiommu PA query's iommufd command number; nil: the tree has none.
    public var getPACommand: UInt8? = mergedGetPACommand
    /// How long each race scenario races, its seed (nil: a random one,
    /// reported) and an optional limit of rounds, to repeat a run.
    public var race = RaceSettings()
    /// Every cell keeps its kernel calls (`Evidence.calls`).
    public var keepCalls = false
    /// `require` records a mismatch and goes on instead of stopping: the
    /// host's check of the expectation table walks every step of every
    /// scenario against a model kernel that answers everything.
    var walksEveryStep = false

    /// IOMMUFD_CMD_IOAS_NOIOMMU_GET_PA as merged (after HW_QUEUE_ALLOC, 0x94).
    public static let mergedGetPACommand: UInt8 = 0x95

    /// The kernel's modules, bus and VFIO files unless a test passes models.
    public init(root: SystemRoot, kmod: any KernelModules, bus: (any DeviceBus)? = nil, vfio: any VFIOFiles,
                device: PCIDevice, features: VFIOFeatures, variant: VariantName, topology: Topology?, kernel: String,
                expectations: ExpectationTable) {
        self.root = root
        self.kmod = kmod
        self.bus = bus ?? PCIBus(root: root)
        self.vfio = vfio
        self.device = device
        self.features = features
        self.variant = variant
        self.topology = topology ?? (device.iommuGroup == nil ? .noiommu : .viommu)
        self.kernel = kernel
        self.expectations = expectations
    }

    var hasIOMMUGroup: Bool { device.iommuGroup != nil }

    /// The facts expectation rows are conditioned on.
    var facts: [Fact: String] { Fact.of(features, topology: topology, hasIOMMUGroup: hasIOMMUGroup) }
}
