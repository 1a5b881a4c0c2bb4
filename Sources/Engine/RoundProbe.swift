import Host
import Probes

/// Reads what a race round left (`RoundState`) in one call, from paths made
/// once per cell: a round is read hundreds of times a second, and under
/// TCG building a path or wrapping a syscall costs more than the syscall.
/// It reads the device's links from sysfs itself, not through the bus:
/// the same links `DeviceBus.links` reads.
struct RoundProbe: Sendable {
    private let reads: DeviceNodeReads
    private let tainted: String
    private let noiommuDevice: Bool

    init(_ environment: TestEnvironment, noiommu: ModuleParameter) {
        tainted = environment.root.proc("sys/kernel/tainted")
        reads = DeviceNodeReads(device: environment.root.sys("bus/pci/devices/\(environment.device.address)"),
                                groups: environment.root.dev("vfio"), cdevs: environment.root.dev("vfio/devices"),
                                files: [noiommu.path, tainted])
        noiommuDevice = !environment.hasIOMMUGroup
    }

    /// In the order the sequential scenarios read them.
    func read() -> RoundState {
        let found = reads.read()
        let mode = (try? found.files[0].get()).map(SysFile.value) ?? "absent"
        let taint = TestEnvironment.taint(.user) { () throws(ProbeError) in
            switch found.files[1] {
            case let .success(text): try TaintFlags.parse(text, from: tainted)
            case let .failure(errno): throw .unreadable(path: tainted, errno: errno)
            }
        }
        return RoundState(driver: found.driver, groupNode: TestEnvironment.kind(ofGroupNode: found.groupNode), entry: CdevDevice.entryKind(found.entry),
                          cdevNode: found.cdevNode != nil, mode: mode, taint: taint, noiommuDevice: noiommuDevice)
    }
}
