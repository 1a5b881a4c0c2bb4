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
    /// Private, as the kernel's seams in it: a scenario reaches the kernel
    /// through the context's steps, and from other threads through `kernel`.
    private let environment: TestEnvironment
    /// The kernel operations the steps are made of, safe on any thread: a
    /// race's workers and a call on a thread of its own use them directly.
    let kernel: CellKernel
    public let scenario: String
    private(set) var steps: [StepRecord] = []
    /// Mismatches of `check` steps, in order: the cell fails with the first.
    private(set) var failures: [ScenarioStop] = []
    /// The step each of `failures` was recorded as (an index into `steps`).
    private(set) var failureSteps: [Int] = []
    /// Every kernel call the cell makes, from its own thread and the threads
    /// it starts (race rounds keep theirs apart), for its reproducer.
    let calls: KernelCallRecorder
    /// How many calls were made when each step was recorded: step i's calls
    /// are those from the mark before it up to its own.
    private(set) var callMarks: [Int] = []
    /// How many calls the cell had made when its last race began.
    var lastRaceStart: Int?
    /// The round of a race that showed the cell's first race finding.
    var raceFinding: RaceFinding?
    /// Kernel log lines that appeared since the cell began.
    let kernelLog: CellKernelLog
    /// The stack the cell before left loaded for this one, if it did.
    private let stackKept: LoadedStack?
    /// The vfio parameters of the stack the cell before left loaded, if it did.
    var stackKeptParameters: String? { stackKept?.vfioParameters }
    /// The calls since the stack the cell before left loaded was loaded, if it did.
    var history: [KernelCallRecord] { stackKept?.history ?? [] }
    /// The kernel's id of the thread the cell runs on.
    let thread: Int32
    /// The stack this cell's fixture started from, once it has.
    private(set) var stackLoaded: LoadedStack?

    /// `streamCalls` is told each call as it is made, for a reproducer of a
    /// cell that does not live to report (a guest the kernel kills).
    init(environment: TestEnvironment, scenario: String, stackKept: LoadedStack? = nil,
         streamCalls: (@Sendable (CallLine) -> Void)? = nil, readKernelLog: @escaping @Sendable () -> [String]) {
        self.environment = environment
        kernel = CellKernel(environment, scenario: scenario)
        self.scenario = scenario
        self.stackKept = stackKept
        kernelLog = CellKernelLog(reading: readKernelLog)
        let thread = PThread.currentID
        let device = environment.device.address.description
        let stack = stackKept?.vfioParameters
        self.thread = thread
        var streaming: (@Sendable (Int, KernelCallRecord) -> Void)?
        if let streamCalls {
            streaming = { index, record in
                streamCalls(CallLine(cell: scenario, call: index, record: record, device: device, thread: thread, stack: stack))
            }
        }
        calls = KernelCallRecorder(streaming: streaming)
    }

    var features: VFIOFeatures { environment.features }
    var address: PCIAddress { environment.device.address }
    var root: SystemRoot { environment.root }
    /// The second test device, when the machine has one.
    var companion: PCIDevice? { environment.companion }
    /// The noiommu PA query's iommufd command number; nil: the tree has none.
    var getPACommand: UInt8? { environment.getPACommand }
    var raceSettings: RaceSettings { environment.race }

    // MARK: steps

    /// Runs `body` and says what it answered: "ok" or the errno name.
    func attempt(_ body: () throws -> Void) -> String { Observation.answer { try body() } }

    /// Runs `body` and says what it returned, or the errno name.
    func answer(_ body: () throws -> String) -> String { Observation.word(body) }

    /// kselftest's EXPECT: records `observed` for `step` and checks it
    /// against the table's row for this scenario, step and kernel; a
    /// mismatch fails the cell but the scenario goes on, so one run shows
    /// every step that differs. For observations the rest does not build on.
    func check(_ step: String, _ observed: String, seconds: Double = 0) throws(ScenarioStop) {
        if let mismatch = try judge(step, observed, seconds: seconds) { fail(mismatch) }
    }

    /// kselftest's ASSERT: as `check`, but a mismatch stops the scenario.
    /// For a step the rest of the scenario builds on.
    func require(_ step: String, _ observed: String, seconds: Double = 0) throws(ScenarioStop) {
        guard let mismatch = try judge(step, observed, seconds: seconds) else { return }
        if environment.walksEveryStep { fail(mismatch) } else { throw mismatch }
    }

    /// A step the scenario depends on: it must succeed, whatever the table
    /// says, or the scenario stops. Named apart from `require`, which the
    /// table judges.
    @discardableResult
    func must<T>(_ step: String, _ body: () throws -> T) throws(ScenarioStop) -> T {
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

    /// Records the step and says how it differs from its row, if it does.
    private func judge(_ step: String, _ observed: String, seconds: Double) throws(ScenarioStop) -> ScenarioStop? {
        record(step, observed, seconds: seconds)
        let rule = try row(step)
        return rule.accepts(observed) ? nil : .mismatch(step: step, expected: rule.expectedText, observed: observed, rule: rule)
    }

    /// The table's row for `step` in this scenario on this kernel. A step
    /// without a row is a harness error: the table must say what every
    /// checked step should see (the unit tests find these on the host).
    func row(_ step: String) throws(ScenarioStop) -> ExpectationRule {
        let facts = environment.facts
        guard let rule = environment.expectations.rule(scenario: scenario, step: step, facts: facts) else {
            throw .harness("no row in \(environment.expectations.file) for `\(scenario) | \(step)` under \(Fact.text(facts))")
        }
        return rule
    }

    /// A mismatch found some other way than `check` (the answers of a
    /// race): it fails the cell as a `check` would, and the body goes on.
    func fail(_ mismatch: ScenarioStop) {
        failures.append(mismatch)
        failureSteps.append(steps.count - 1)
    }

    /// Runs a call that may block in the kernel, on its own thread; a call
    /// still blocked after `timeout` makes the cell a hang at this step. A
    /// kernel report while it waits ends the wait at once: an oops in the
    /// call killed its thread, and it will never return.
    func blocking(_ step: String, timeout: Double = ScenarioContext.outerTimeout, _ work: @escaping @Sendable () -> String) throws(ScenarioStop) -> String {
        try result(of: BackgroundCall(work), step: step, timeout: timeout)
    }

    /// How long a thread may sit in the kernel without running before its
    /// call is a hang: a healthy kernel's waits here end in well under a
    /// second, and a slow one (a checker kernel) keeps its thread running.
    static let stillFor: Double = 3
    /// The clock's bound, for a call that keeps running and never returns.
    static let outerTimeout: Double = 60

    /// The call's value; a hang at `step` as soon as its thread is stuck in
    /// the kernel (the same state and stack, not switched in, for
    /// `stillFor`), after `timeout` at the latest, or at once when the
    /// kernel reports a fault.
    func result<Value: Sendable>(of call: BackgroundCall<Value>, step: String, timeout: Double) throws(ScenarioStop) -> Value {
        let start = ContinuousClock.now
        var detector = StuckThread(stillFor: Self.stillFor)
        var stuck: ThreadSample?
        while seconds(since: start) < timeout {
            if let value = call.wait(seconds: 0.25) { return value }
            if kernelLog.faultSeen() { break }
            stuck = detector.observe(call.thread.flatMap(ThreadSample.read(thread:)), at: seconds(since: start))
            if stuck != nil { break }
        }
        record(step, "blocked", seconds: seconds(since: start))
        throw .hang(step: step, seconds: seconds(since: start), stuck: stuck?.summary, thread: call.thread)
    }

    /// `check` of what a call that may block answers, run as `blocking`
    /// runs it: a hang is the step's.
    func check(_ step: String, blocking work: @escaping @Sendable () -> String) throws(ScenarioStop) {
        try check(step, try blocking(step, work))
    }

    /// `require` of what a call that may block answers, as `check(_:blocking:)`.
    func require(_ step: String, blocking work: @escaping @Sendable () -> String) throws(ScenarioStop) {
        try require(step, try blocking(step, work))
    }

    /// `check` of what a call already on its own thread answers, as `result(of:step:timeout:)` waits for it.
    func check(_ step: String, of call: BackgroundCall<String>, timeout: Double) throws(ScenarioStop) {
        try check(step, try result(of: call, step: step, timeout: timeout))
    }

    func skip(_ reason: String) throws(ScenarioStop) -> Never { throw .skip(reason: reason) }

    func record(_ step: String, _ observed: String, errno: Int32? = nil, seconds: Double = 0, varies: Bool = false) {
        let number = errno ?? (observed.first == "E" ? Observation.number(observed) : nil)
        steps.append(StepRecord(name: step, observed: observed, errno: number, seconds: seconds, varies: varies))
        callMarks.append(calls.count)
    }

    func seconds(since start: ContinuousClock.Instant) -> Double {
        Stopwatch(since: start).seconds
    }

    // MARK: modules and the noiommu mode

    /// Loads the stack whatever is loaded already: for a scenario about
    /// loading, or one that reloads what its body unloaded.
    func loadFreshStack(_ stack: ModuleStack) throws(ScenarioStop) {
        try loadModules(vfioParameters: stack.vfioParameters(in: environment))
    }

    /// A fixture's stack: the one the cell before left loaded when the runner
    /// handed it over (checked to be as its load left it), else loaded here,
    /// with the state after the load kept for the runner.
    func loadStack(_ stack: ModuleStack) throws(ScenarioStop) {
        let parameters = stack.vfioParameters(in: environment)
        if let kept = stackKept, kept.vfioParameters == parameters {
            record("stack kept loaded", "from \(kept.loadedBy), as its load left it", varies: true)
            stackLoaded = kept
            return
        }
        try loadModules(vfioParameters: parameters)
        stackLoaded = LoadedStack(vfioParameters: parameters, loadedBy: scenario, state: SystemSnapshot(environment))
    }

    /// vfio with `vfioParameters`, then vfio-pci and whichever of type1 and
    /// iommufd this kernel has.
    private func loadModules(vfioParameters: String) throws(ScenarioStop) {
        try load("vfio", parameters: vfioParameters)
        try load("vfio-pci")
        if features.type1 { try load("vfio_iommu_type1") }
        if features.iommufd { try load("iommufd") }
    }

    func load(_ module: String, parameters: String = "") throws(ScenarioStop) {
        try must(parameters.isEmpty ? "load \(module)" : "load \(module) \(parameters)") {
            try kernel.load(module, parameters: parameters)
        }
    }

    /// What removing the module answers: "ok" or the errno name.
    func rmmod(_ module: String) -> String { attempt { try kernel.remove(module) } }

    func moduleState(_ module: String) -> ModuleState { kernel.moduleState(module) }

    func loadedModules() -> [String] { kernel.loadedModules() }

    var mode: String { kernel.mode }

    func setMode(_ on: Bool) throws(ScenarioStop) {
        try must("noiommu \(on ? "on" : "off")") { try kernel.setMode(on) }
    }

    // MARK: the device binding

    func bind() throws(ScenarioStop) {
        try must("bind vfio-pci") { try kernel.bind() }
    }

    /// Binds the device under test, or another one (the companion).
    func tryBind(_ other: PCIAddress? = nil) -> String { attempt { try kernel.bind(other) } }

    /// Unbinds from vfio-pci; blocks in the kernel while a device fd is open.
    func unbind(_ other: PCIAddress? = nil, step: String = "unbind", timeout: Double = ScenarioContext.outerTimeout) throws(ScenarioStop) -> String {
        let kernel = kernel
        return try blocking(step, timeout: timeout) { Observation.answer { try kernel.unbind(other) } }
    }

    /// An unbind on a thread of its own, for a scenario that releases what
    /// holds it while it waits (`check(_:of:timeout:)`).
    func startUnbind() -> BackgroundCall<String> {
        let kernel = kernel
        return BackgroundCall { Observation.answer { try kernel.unbind() } }
    }

    /// A helper thread standing for a VMM that honours the request channel,
    /// as QEMU does: it waits up to `milliseconds` for the driver to signal
    /// `event` and then gives `file` back either way, answering "asked" or
    /// "not asked". It gives it back even unasked so that what it does never
    /// depends on the answer: a reproducer repeats its calls as recorded.
    func startGivingBack(_ file: any VFIOFile, whenAsked event: any EventFile, within milliseconds: Int32) -> BackgroundCall<String> {
        let kernel = kernel
        return BackgroundCall {
            let asked = Observation.word { try event.signalled(within: milliseconds) ? "asked" : "not asked" }
            let closed = Observation.answer { _ = try kernel.closeIfOpen(file) }
            return closed == Observation.ok ? asked : "\(asked), then close: \(closed)"
        }
    }

    var driver: String? { kernel.driver }

    // MARK: nodes

    /// The group node of the bound device: /dev/vfio/noiommu-N or /dev/vfio/N.
    var groupNode: String? { kernel.groupNode }

    /// "noiommu" for /dev/vfio/noiommu-N, "plain" for /dev/vfio/N, "absent".
    var groupNodeKind: String { kernel.groupNodeKind }

    /// The cdev the kernel registered for the device (`vfioN`, or
    /// `noiommu-vfioN` on trees with the noiommu-cdev series), if any.
    var cdevName: String? { kernel.cdevName }

    func cdevName(of address: PCIAddress) -> String? { kernel.cdevName(of: address) }

    var cdevNode: String? { kernel.cdevNode }

    func presence(_ path: String?) -> String { path.map(SysFile.exists) == true ? "present" : "absent" }

    func taint(_ flag: TaintFlags) -> String { kernel.taint(flag) }

    // MARK: VFIO objects, tracked until closed

    /// An eventfd, closed with the cell's files.
    func makeEventFD() throws(ScenarioStop) -> any EventFile {
        let kernel = kernel
        return try must("eventfd") { try kernel.makeEventFD() }
    }

    func openGroup(_ step: String = "open group") throws(ScenarioStop) -> any GroupFile {
        guard let node = groupNode else { throw .mismatch(step: step, expected: "a group node", observed: "no node", rule: nil) }
        return try openGroup(at: node, step)
    }

    func openCdev(_ step: String = "open cdev") throws(ScenarioStop) -> any DeviceFile {
        guard let node = cdevNode else { throw .mismatch(step: step, expected: "a cdev node", observed: "no node", rule: nil) }
        return try must(step) { try kernel.openCdev(node) }
    }

    /// What opening the group node answers, the file closed again at once.
    func answer(openingGroup node: String) -> String { kernel.answer { try kernel.openGroup(node) } }

    /// What opening the cdev node answers, the file closed again at once.
    func answer(openingCdev node: String) -> String { kernel.answer { try kernel.openCdev(node) } }

    /// What GET_DEVICE_FD on the group answers for the device under test, or
    /// the name given, the device fd closed again at once.
    func answer(openingDeviceIn group: any GroupFile, named name: String? = nil) -> String {
        kernel.answer { try kernel.openDevice(in: group, named: name) }
    }

    /// Closes one tracked file; the close itself may block (device release).
    func close(_ file: any VFIOFile, _ step: String) throws(ScenarioStop) {
        let kernel = kernel
        let observed = try blocking(step) { Observation.answer { try kernel.close(file) } }
        guard observed == Observation.ok else { throw .mismatch(step: step, expected: Observation.ok, observed: observed, rule: nil) }
        record(step, observed)
    }

    /// Closes what the scenario left open, newest first: the teardown every
    /// fixture shares.
    func closeAll() { kernel.closeAll() }
}

extension ScenarioContext: KernelSteps {}
