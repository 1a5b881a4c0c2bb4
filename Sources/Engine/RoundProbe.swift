import Host
import Probes

/// Reads what a race round left (`RoundState`) from paths made once per
/// cell: a round is read hundreds of times a second, and under TCG building
/// a path costs more than the call that reads it.
struct RoundProbe: Sendable {
    private let bus: any DeviceBus
    private let address: PCIAddress
    /// The device's vfio-dev directory, /dev/vfio/ and /dev/vfio/devices/.
    private let entries: String
    private let groups: String
    private let cdevs: String
    private let noiommu: ModuleParameter
    private let tainted: String
    private let noiommuDevice: Bool

    init(_ environment: TestEnvironment, noiommu: ModuleParameter) {
        bus = environment.bus
        address = environment.device.address
        entries = environment.root.sys("bus/pci/devices/\(address)/vfio-dev")
        groups = environment.root.dev("vfio") + "/"
        cdevs = environment.root.dev("vfio/devices") + "/"
        self.noiommu = noiommu
        tainted = environment.root.proc("sys/kernel/tainted")
        noiommuDevice = !environment.hasIOMMUGroup
    }

    /// The device's links once and its entry once; the nodes are derived
    /// from them, in the order the sequential scenarios read them.
    func read() -> RoundState {
        let links = bus.links(address)
        let groupNode = TestEnvironment.kind(ofGroupNode: TestEnvironment.groupNode(of: links.iommuGroup, in: groups))
        let name = SysFile.list(entries).first
        let cdevNode = TestEnvironment.cdevNode(named: name, in: cdevs) != nil
        let mode = (try? noiommu.read()) ?? "absent"
        return RoundState(driver: links.driver, groupNode: groupNode, entry: CdevDevice.entryKind(name), cdevNode: cdevNode,
                          mode: mode, taint: TestEnvironment.taint(.user, in: tainted), noiommuDevice: noiommuDevice)
    }
}
