import Host
import Kmod
import Probes
import SystemPackage

/// The kernel as a cell reaches it: the modules, the device's binding, the
/// noiommu mode and the VFIO files, each operation written once for the
/// context's steps and a race's workers alike. Every file opened here is
/// kept until it is closed here, so what a scenario or a worker leaves open
/// is closed after the cell. Sendable, unlike the context: a race's workers
/// and the threads a step runs on use it on theirs.
struct CellKernel: Sendable {
    /// Private: the environment's seams are reached through these operations alone.
    private let environment: TestEnvironment
    /// The scenario's rows that judge what a race round left.
    private let roundRows: RoundRows
    private let roundProbe: RoundProbe
    private let judged = LastValue<RoundState, String?>()
    private let noiommu: ModuleParameter
    private let files = OpenFiles()

    init(_ environment: TestEnvironment, scenario: String) {
        self.environment = environment
        roundRows = RoundRows(environment.expectations, scenario: scenario, facts: environment.facts)
        noiommu = ModuleParameter.noiommu(root: environment.root)
        roundProbe = RoundProbe(environment, noiommu: noiommu)
    }

    var features: VFIOFeatures { environment.features }
    var address: PCIAddress { environment.device.address }
    var hasIOMMUGroup: Bool { environment.hasIOMMUGroup }

    // MARK: modules

    func load(_ module: String, parameters: String = "") throws(KmodError) { try environment.kmod.load(module, parameters: parameters) }
    func remove(_ module: String) throws(KmodError) { try environment.kmod.remove(module) }
    func moduleState(_ module: String) -> ModuleState { environment.kmod.state(module) }
    func refcount(_ module: String) -> Int? { environment.kmod.refcount(module) }
    func loadedModules() -> [String] { environment.kmod.loadedModules() }
    func dependencies(_ module: String) -> [String] { environment.kmod.dependencies(module) }

    /// Removes `modules`, holders first, as the restorer does; what went wrong.
    func unload(_ modules: Set<String>) -> [String] { Restorer.unload(modules, kmod: environment.kmod) }

    // MARK: the noiommu mode

    /// What enable_unsafe_noiommu_mode reads: "Y", "N", or "absent".
    var mode: String { (try? noiommu.read()) ?? "absent" }

    func setMode(_ on: Bool) throws(HostError) { try noiommu.write(on ? "1" : "0") }

    // MARK: the binding

    /// Binds the device under test to vfio-pci, or another one (the companion).
    func bind(_ other: PCIAddress? = nil) throws(HostError) { try environment.bus.bind(other ?? address, to: "vfio-pci") }

    /// Unbinds from vfio-pci; blocks in the kernel while a device fd is open.
    func unbind(_ other: PCIAddress? = nil) throws(HostError) { try environment.bus.unbind(other ?? address) }

    var driver: String? { environment.bus.links(address).driver }

    // MARK: nodes

    var groupNode: String? { environment.groupNode }
    var groupNodeKind: String { environment.groupNodeKind }
    var cdevName: String? { environment.cdevName }
    func cdevName(of address: PCIAddress) -> String? { environment.cdevName(of: address) }
    var cdevNode: String? { environment.cdevNode }
    func taint(_ flag: TaintFlags) -> String { environment.taint(flag) }

    /// What a race round left behind, read as the sequential scenarios read each state.
    var roundState: RoundState { roundProbe.read() }

    /// What of `state` the scenario's `round end:` rows do not allow or does not hold together.
    func unexpected(in state: RoundState) -> String? {
        judged.value(for: state) { $0.unexpected(in: roundRows) }
    }

    // MARK: files, kept until closed

    func openGroup(_ node: String) throws(Errno) -> any GroupFile { kept(try environment.vfio.openGroup(node)) { $0 } }
    func openContainer() throws(Errno) -> any ContainerFile { kept(try environment.vfio.openContainer(environment.root.dev("vfio/vfio"))) { $0 } }
    func openCdev(_ node: String) throws(Errno) -> any DeviceFile { kept(try environment.vfio.openDevice(node)) { $0 } }
    func openIOMMUFD() throws(Errno) -> any IOMMUFDFile { kept(try environment.vfio.openIOMMUFD(environment.root.dev("iommu"))) { $0 } }
    func makeEventFD() throws(Errno) -> any EventFile { kept(try environment.vfio.makeEventFD()) { $0 } }

    /// GET_DEVICE_FD on the group for the device under test, or the name given.
    func openDevice(in group: any GroupFile, named name: String? = nil) throws(Errno) -> any DeviceFile {
        kept(try group.openDevice(named: name ?? address.description)) { $0 }
    }

    private func kept<File>(_ file: File, _ erased: (File) -> any VFIOFile) -> File {
        files.keep(erased(file))
        return file
    }

    /// What opening the file answers, the file closed again at once: "ok" or the errno name.
    func answer(opening open: () throws -> any VFIOFile) -> String {
        Observation.answer { try close(try open()) }
    }

    func close(_ file: any VFIOFile) throws(Errno) { try files.close(file) }

    /// Closes the file unless the cell's teardown closed it already; whether it did.
    func closeIfOpen(_ file: any VFIOFile) throws(Errno) -> Bool { try files.closeIfKept(file) }

    /// How many files are open: a mark to close back to (`close(since:)`).
    var openCount: Int { files.count }

    /// Closes the files opened since `openCount` was `mark`, newest first.
    func close(since mark: Int) { files.close(since: mark) }

    /// Closes what the cell left open, newest first: the teardown every fixture shares.
    func closeAll() { files.closeAll() }
}
