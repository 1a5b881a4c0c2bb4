import Dispatch
import FoundationEssentials
import Host
import Kmod
import Probes
import Results
import SystemPackage
import VFIO

/// What a scenario body works with: steps that record what the kernel
/// answered and check it against the expectation table, and helpers for the
/// objects every scenario needs (modules, the binding, groups, containers,
/// device fds). Files it opens are tracked and closed after the cell, so a
/// scenario that stops early leaves nothing open.
public final class ScenarioContext {
    public let environment: TestEnvironment
    public let scenario: String
    private(set) var steps: [StepRecord] = []
    private var openFiles: [FileDescriptor] = []
    private let readKernelLog: () -> [String]
    /// Kernel log lines that appeared since the cell began.
    private(set) var log: [String] = []

    init(environment: TestEnvironment, scenario: String, readKernelLog: @escaping () -> [String]) {
        self.environment = environment
        self.scenario = scenario
        self.readKernelLog = readKernelLog
    }

    /// Everything the kernel logged during this cell so far.
    func kernelLog() -> [String] {
        log += readKernelLog()
        return log
    }

    var features: VFIOFeatures { environment.features }
    var address: PCIAddress { environment.device.address }

    // MARK: steps

    /// Runs `body` and says what it answered: "ok" or the errno name.
    func attempt(_ body: () throws -> Void) -> String { Observation.answer { try body() } }

    /// Runs `body` and says what it returned, or the errno name.
    func answer(_ body: () throws -> String) -> String { Observation.word(body) }

    /// Records `observed` for `step` and checks it against the table's row for
    /// this scenario, step and kernel. A step without a row is a harness error:
    /// the table must say what every checked step should see.
    func expect(_ step: String, _ observed: String, seconds: Double = 0) throws(ScenarioStop) {
        record(step, observed, seconds: seconds)
        guard let rule = environment.expectations.rule(scenario: scenario, step: step, facts: environment.facts) else {
            throw .harness("no row in \(environment.expectations.file) for `\(scenario) | \(step)` under \(factsText)")
        }
        guard rule.accepts(observed) else {
            throw .mismatch(step: step, expected: rule.expectedText, observed: observed, rule: rule)
        }
    }

    /// A step the scenario depends on: it must succeed, whatever the table says.
    @discardableResult
    func require<T>(_ step: String, _ body: () throws -> T) throws(ScenarioStop) -> T {
        let start = ContinuousClock.now
        do {
            let value = try body()
            record(step, Observation.ok, seconds: seconds(since: start))
            return value
        } catch {
            record(step, Observation.of(error), errno: Observation.errno(of: error), seconds: seconds(since: start))
            throw .mismatch(step: step, expected: Observation.ok, observed: Observation.of(error), rule: nil)
        }
    }

    /// Runs a call that may block in the kernel, on its own thread; a call
    /// still blocked after `timeout` makes the cell a hang at this step. A
    /// kernel report while it waits ends the wait at once: an oops in the
    /// call killed its thread, and it will never return.
    func blocking(_ step: String, timeout: Double = 10, _ work: @escaping @Sendable () -> String) throws(ScenarioStop) -> String {
        let start = ContinuousClock.now
        let call = BackgroundCall(work)
        while seconds(since: start) < timeout {
            if let observed = call.wait(seconds: 0.25) { return observed }
            if !KernelLogClassifier.reports(in: kernelLog()).isEmpty { break }
        }
        record(step, "blocked", seconds: seconds(since: start))
        throw .hang(step: step, seconds: seconds(since: start))
    }

    func skip(_ reason: String) throws(ScenarioStop) -> Never { throw .skip(reason: reason) }

    func record(_ step: String, _ observed: String, errno: Int32? = nil, seconds: Double = 0) {
        let number = errno ?? (observed.first == "E" ? Observation.number(observed) : nil)
        steps.append(StepRecord(name: step, observed: observed, errno: number, seconds: seconds))
    }

    private var factsText: String {
        environment.facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    // MARK: modules and the noiommu mode

    /// Loads vfio (with the noiommu parameter when given), then vfio-pci and
    /// whichever of type1 and iommufd this kernel has.
    func loadStack(noiommu: Bool?) throws(ScenarioStop) {
        let parameters = noiommu.map { "enable_unsafe_noiommu_mode=\($0 ? 1 : 0)" } ?? ""
        try load("vfio", parameters: features.noiommu ? parameters : "")
        try load("vfio-pci")
        if features.type1 { try load("vfio_iommu_type1") }
        if features.iommufd { try load("iommufd") }
    }

    func load(_ module: String, parameters: String = "") throws(ScenarioStop) {
        let kmod = environment.kmod
        try require(parameters.isEmpty ? "load \(module)" : "load \(module) \(parameters)") {
            try kmod.load(module, parameters: parameters)
        }
    }

    var mode: String { (try? ModuleParameter.noiommu(root: environment.root).read()) ?? "absent" }

    func setMode(_ on: Bool) throws(ScenarioStop) {
        let parameter = ModuleParameter.noiommu(root: environment.root)
        try require("noiommu \(on ? "on" : "off")") { try parameter.write(on ? "1" : "0") }
    }

    // MARK: the device binding

    func bind() throws(ScenarioStop) {
        let bus = environment.bus, address = address
        try require("bind vfio-pci") { try bus.bind(address, to: "vfio-pci") }
    }

    func tryBind() -> String {
        let bus = environment.bus, address = address
        return attempt { try bus.bind(address, to: "vfio-pci") }
    }

    /// Unbinds from vfio-pci; blocks in the kernel while a device fd is open.
    func unbind(timeout: Double = 10) throws(ScenarioStop) -> String {
        let bus = environment.bus, address = address
        return try blocking("unbind", timeout: timeout) { Observation.answer { try bus.unbind(address) } }
    }

    var driver: String? { (try? environment.bus.device(address))?.driver }

    // MARK: nodes

    /// The group node of the bound device: /dev/vfio/noiommu-N or /dev/vfio/N.
    var groupNode: String? {
        guard let group = (try? environment.bus.device(address))?.iommuGroup else { return nil }
        let noiommu = environment.root.dev("vfio/noiommu-\(group)")
        if SysFile.exists(noiommu) { return noiommu }
        let plain = environment.root.dev("vfio/\(group)")
        return SysFile.exists(plain) ? plain : nil
    }

    /// The cdev the kernel registered for the device (`vfioN`, or
    /// `noiommu-vfioN` on trees with the noiommu-cdev series), if any.
    var cdevName: String? {
        SysFile.list(environment.root.sys("bus/pci/devices/\(address)/vfio-dev")).first
    }

    var cdevNode: String? {
        guard let name = cdevName else { return nil }
        for candidate in [name, "noiommu-\(name)"] {
            let path = environment.root.dev("vfio/devices/\(candidate)")
            if SysFile.exists(path) { return path }
        }
        return nil
    }

    func presence(_ path: String?) -> String { path.map(SysFile.exists) == true ? "present" : "absent" }

    // MARK: VFIO objects, tracked until closed

    func openGroup(_ step: String = "open group") throws(ScenarioStop) -> Group {
        guard let node = groupNode else { throw .mismatch(step: step, expected: "a group node", observed: "no node", rule: nil) }
        return try opened(step, \.fd) { try Group.open(FilePath(node)) }
    }

    func openContainer(_ step: String = "open container") throws(ScenarioStop) -> Container {
        let path = FilePath(environment.root.dev("vfio/vfio"))
        return try opened(step, \.fd) { try Container.open(path) }
    }

    func device(from group: Group, _ step: String = "GET_DEVICE_FD") throws(ScenarioStop) -> Device {
        let name = address.description
        return try opened(step, \.fd) { try group.device(named: name) }
    }

    func openCdev(_ step: String = "open cdev") throws(ScenarioStop) -> Device {
        guard let node = cdevNode else { throw .mismatch(step: step, expected: "a cdev node", observed: "no node", rule: nil) }
        return try opened(step, \.fd) { try Device.open(FilePath(node)) }
    }

    func openIOMMUFD(_ step: String = "open /dev/iommu") throws(ScenarioStop) -> IOMMUFD {
        let path = FilePath(environment.root.dev("iommu"))
        return try opened(step, \.fd) { try IOMMUFD.open(path) }
    }

    /// A required open whose file is tracked until the scenario closes it.
    private func opened<T>(_ step: String, _ fd: KeyPath<T, FileDescriptor>, _ open: () throws -> T) throws(ScenarioStop) -> T {
        let object = try require(step, open)
        openFiles.append(object[keyPath: fd])
        return object
    }

    /// Attaches the group to a new container with the IOMMU type that fits
    /// the topology: NOIOMMU without a vIOMMU, TYPE1v2 behind one.
    func attachToContainer(_ group: Group) throws(ScenarioStop) -> Container {
        let container = try openContainer()
        try require("SET_CONTAINER") { try group.setContainer(container) }
        let type: IOMMUType = environment.hasIOMMUGroup ? .type1v2 : .noiommu
        try require("SET_IOMMU \(type)") { try container.setIOMMU(type) }
        return container
    }

    /// Closes one tracked file; the close itself may block (device release).
    func close(_ fd: FileDescriptor, _ step: String) throws(ScenarioStop) {
        openFiles.removeAll { $0 == fd }
        let observed = try blocking(step) { Observation.answer { try fd.close() } }
        guard observed == Observation.ok else { throw .mismatch(step: step, expected: Observation.ok, observed: observed, rule: nil) }
        record(step, observed)
    }

    /// Closes what the scenario left open, newest first.
    func closeAll() {
        for fd in openFiles.reversed() { _ = BackgroundCall { try? fd.close() }.wait(seconds: 10) }
        openFiles.removeAll()
    }

    // MARK: privilege

    /// Opens `path` from a child of this binary that has dropped
    /// CAP_SYS_RAWIO, and says what the open answered.
    func openWithoutRawIO(_ path: String) throws(ScenarioStop) -> String {
        let result: ProcessResult
        do {
            result = try Subprocess.run(GuestProtocol.openUnprivileged(path, executable: environment.executable), timeout: 10)
        } catch {
            throw .harness("could not start the unprivileged child: \(error)")
        }
        let answer = String(result.output.split(separator: "\n").last ?? "")
        guard !result.timedOut, !answer.isEmpty else {
            throw .harness("unprivileged child gave no answer (status \(result.status)): \(result.output)")
        }
        return answer
    }
}
