import FoundationEssentials
import Host
import Probes
import Results

/// Runs scenarios one cell at a time against the running kernel. Around every
/// cell it restores the machine and checks the universal invariants; each
/// finished cell goes to `emit` at once, so a crash loses nothing finished.
public struct MatrixRunner {
    public let environment: TestEnvironment
    public let scenarios: [Scenario]
    let kmsg: (any KernelLog)?
    /// Told each kernel call a cell makes as it makes it (race rounds keep theirs apart).
    let streamCalls: (@Sendable (CallLine) -> Void)?

    public init(environment: TestEnvironment, scenarios: [Scenario], kmsg: (any KernelLog)?,
                streamCalls: (@Sendable (CallLine) -> Void)? = nil) {
        self.environment = environment
        self.scenarios = scenarios
        self.kmsg = kmsg
        self.streamCalls = streamCalls
    }

    /// Runs every scenario; stops early when `interrupted` says so. After a
    /// hang the kernel may hold a thread blocked forever (unless the call
    /// returned once the cell's threads ended and its files were closed:
    /// `release`), and after a kernel
    /// report it is tainted and may hold locks of a killed thread: every later
    /// cell would inherit that. With `stopAfterFault` (in a lab guest) the run
    /// ends there and the lab resumes the rest in a fresh guest; otherwise the
    /// rest are skipped with that reason.
    ///
    /// A cell whose fixture loaded the module stack hands it to the next cell
    /// that runs when that one starts from the same stack, as the VFIO
    /// selftests keep their device bound across tests: only if the cell
    /// passed and the machine, once the device is back on its driver, is
    /// exactly as the load left it (modules, refcounts, nodes, the mode, no
    /// new taint). Otherwise, and after the last such cell, the restorer
    /// unloads everything as after any cell.
    public func run(stopAfterFault: Bool, interrupted: () -> Bool, emit: (Cell) -> Void) -> [Cell] {
        let restorer = Restorer(environment: environment)
        let baseline = SystemSnapshot(environment)
        var cells: [Cell] = []
        var wedged: String?
        var kept: LoadedStack?
        for (index, scenario) in scenarios.enumerated() {
            if interrupted() || (stopAfterFault && wedged != nil) { break }
            var cell: Cell
            if let wedged {
                cell = makeCell(scenario, .skip, Evidence(reason: "not run: the kernel was left unreliable by \(wedged); rerun in a fresh guest"), 0)
            } else {
                let next = scenarios[(index + 1)...].first { unmet($0) == nil }
                let usable: Bool
                (cell, kept, usable) = run(scenario, restorer: restorer, baseline: baseline, stackKept: kept,
                                           nextStack: next?.stack?.vfioParameters(in: environment), leaveWedged: stopAfterFault)
                if !usable { wedged = "the \(cell.outcome.rawValue) in \(scenario.name)" }
            }
            emit(cell)
            cells.append(cell)
        }
        if kept != nil, wedged == nil {
            for problem in restorer.restore() { StandardError.write("Error: unloading the stack kept after the last cell: \(problem)\n") }
        }
        return cells
    }

    private func unmet(_ scenario: Scenario) -> String? {
        scenario.requirements.lazy.compactMap {
            $0.unmet(features: environment.features, hasIOMMUGroup: environment.hasIOMMUGroup)
        }.first
    }

    /// One cell: the body, then the restore and the invariants. A hung step
    /// left a thread blocked in the kernel, often holding the device lock
    /// that sysfs reads take too; so with `leaveWedged` (a lab guest, thrown
    /// away next) the kernel is not touched again, and otherwise the restore
    /// and snapshot run under a deadline.
    ///
    /// Returns the cell, the stack it hands to the next, if it does (the one
    /// it started from when `nextStack`, what the next cell to run loads vfio
    /// with, is the same), and whether the kernel can run the next cell.
    func run(_ scenario: Scenario, restorer: Restorer, baseline: SystemSnapshot, stackKept: LoadedStack?,
             nextStack: String?, leaveWedged: Bool) -> (Cell, LoadedStack?, usable: Bool) {
        if let reason = unmet(scenario) {
            return (makeCell(scenario, .skip, Evidence(reason: reason), 0), stackKept, true)
        }
        _ = kmsg?.drain()
        let start = ContinuousClock.now
        let context = ScenarioContext(environment: environment, scenario: scenario.name, stackKept: stackKept,
                                      streamCalls: streamCalls, readKernelLog: { [kmsg] in kmsg?.drain().map(\.message) ?? [] })
        var stop: ScenarioStop?
        do {
            try KernelCallRecorder.recording(into: context.calls) { () throws(ScenarioStop) in try scenario.body(context) }
        } catch { stop = error }
        let thrownAt = context.steps.count - 1, madeInBody = context.calls.count
        // The first step that differed is the cell's finding, whether the
        // scenario went on after it (check) or stopped at a later one
        // (require); a hang or a harness fault after it outranks it.
        var findingStep = thrownAt
        if let first = context.failures.first {
            switch stop {
            case nil, .mismatch?:
                stop = first
                findingStep = context.failureSteps[0]
            default: break
            }
        }
        var invariants: [String] = []
        var handedOn: LoadedStack?
        // A kernel that reported a fault may hold locks of the thread it
        // killed; a lab guest is discarded after it, so it is not touched again.
        let faulted = { context.kernelLog.faultSeen() }
        var release: Release?
        // Only a call on a background call of its own can be seen to return (not a race's worker).
        if case let .hang(_, _, _, thread?)? = stop, !faulted() { release = Release(context, thread: thread) }
        let hung = if case .hang = stop { release?.seconds == nil } else { false }
        var settledAll = true
        if !(leaveWedged && (hung || faulted())) {
            // The files the cell left open are closed as its calls: a reproducer that kept them would block its own unbind.
            KernelCallRecorder.recording(into: context.calls) { context.closeAll() }
            let environment = environment
            let passed = if case .skip? = stop { true } else { stop == nil }
            let offer = context.stackLoaded.flatMap { passed && !faulted() && $0.vfioParameters == nextStack ? $0 : nil }
            // The restore's calls are the cell's too: a hang found there is the reproducer's last call.
            let settle = KernelCallRecorder.recording(into: context.calls) { BackgroundCall { () -> (broken: [String], kept: LoadedStack?) in
                let binding = restorer.restoreBinding(unbindTimeout: hung ? 3 : 10)
                if let offer, binding.isEmpty, SystemSnapshot(environment).matches(loaded: offer.state, baseline: baseline) {
                    return ([], offer)
                }
                return (binding + restorer.restoreModules() + SystemSnapshot(environment).brokenInvariants(against: baseline), nil)
            } }
            let clock = ContinuousClock.now
            var settled: (broken: [String], kept: LoadedStack?)?
            var detector = StuckThread(stillFor: ScenarioContext.stillFor)
            var stuck: ThreadSample?
            while settled == nil, stuck == nil, context.seconds(since: clock) < Self.settleDeadline, !(leaveWedged && faulted()) {
                settled = settle.wait(seconds: 0.5)
                stuck = detector.observe(Self.blockingSample(of: settle.thread), at: context.seconds(since: clock))
            }
            if let settled {
                invariants = settled.broken
                handedOn = settled.kept.map { stack in
                    var stack = stack
                    stack.history += context.calls.records
                    return stack
                }
            } else {
                settledAll = false
                invariants = ["the machine was not restored after the cell: the kernel is wedged"]
                if stop == nil { stop = .hang(step: "restore after the cell", seconds: context.seconds(since: clock), stuck: stuck?.summary) }
            }
        }
        let (reports, noted) = KernelLogClassifier.findings(in: context.kernelLog.lines)

        var evidence = Evidence(steps: context.steps, kernelReports: reports, invariants: invariants)
        evidence.notedReports = noted.isEmpty ? nil : noted
        let outcome: Outcome
        switch stop {
        case let .hang(step, seconds, stuck, _)?:
            outcome = .hang
            evidence.step = step
            evidence.observed = (!reports.isEmpty ? "did not return: a kernel fault during the call (see the report)"
                : stuck.map { "stuck in the kernel, not running for \(Int(ScenarioContext.stillFor)) s: \($0)" } ?? "still blocked after \(Int(seconds)) s")
                + (release.map { "; " + $0.summary } ?? "")
        case let .mismatch(step, expected, observed, rule)?:
            outcome = .fail
            evidence.step = step
            evidence.expected = expected
            evidence.observed = observed
            if let rule {
                evidence.reason = "\(environment.expectations.file):\(rule.line)"
                if case let .unverified(source) = rule.provenance {
                    evidence.unverified = true
                    evidence.reason = "expectation unverified: new behaviour or a bug, check it (\(environment.expectations.file):\(rule.line), read from \(source))"
                }
            }
        case let .skip(reason)?:
            outcome = .skip
            evidence.reason = reason
        case let .harness(reason)?:
            outcome = .error
            evidence.reason = reason
        case nil:
            outcome = invariants.isEmpty ? .pass : .fail
            if !invariants.isEmpty { evidence.step = ReproducerProgram.invariantsStep }
        }
        let final: Outcome = reports.isEmpty ? outcome : .crash
        let log = CallLog(records: context.calls.records, stepEnds: context.callMarks, thread: context.thread,
                          device: environment.device.address.description, stack: context.stackKeptParameters).after(context.history)
        if final == .fail || final == .crash || final == .hang {
            var finding: CallLog.Finding?
            if final == .fail, let expected = evidence.expected, let step = evidence.step {
                if context.steps.indices.contains(findingStep), context.steps[findingStep].name == step {
                    finding = log.finding(ofStep: findingStep, named: step, expected: expected, observed: evidence.observed ?? "")
                } else {
                    // A step that stopped the cell unrecorded (the node it needed was not there): the calls since the last recorded one.
                    let start = log.stepEnds.last ?? context.history.count
                    finding = (start..<max(start, madeInBody + context.history.count), step, expected, evidence.observed ?? "")
                }
            } else if final == .fail, !invariants.isEmpty {
                finding = log.invariantsFinding(invariants)
            }
            evidence.reproducer = log.reproducer(cell: makeCell(scenario, .fail, Evidence(), 0).key.description, finding: finding,
                                                 slow: release.flatMap { $0.seconds == nil ? nil : $0.call }.map { ($0 + context.history.count, ScenarioContext.stillFor) },
                                                 race: context.raceFinding.map { race in
                                                     var race = race
                                                     race.at += context.history.count
                                                     return race
                                                 })
        }
        if environment.keepCalls { evidence.calls = log }
        let usable = reports.isEmpty && !hung && settledAll
        return (makeCell(scenario, final, evidence, context.seconds(since: start)), reports.isEmpty ? handedOn : nil, usable)
    }

    /// The thread a wait is judged by: `thread`, or when it only waits for
    /// another thread of the harness (a helper's result, a lock), the
    /// background call that is stuck in the kernel: a hang's evidence is the
    /// call that blocks, never the harness's own wait.
    static func blockingSample(of thread: Int32?) -> ThreadSample? {
        guard let sample = thread.flatMap(ThreadSample.read(thread:)) else { return nil }
        guard sample.waitsForThisProcess else { return sample }
        return BackgroundCalls.threads.filter { $0 != thread }.lazy.compactMap(ThreadSample.read(thread:))
            .first { $0.state != "R" && !$0.waitsForThisProcess }
    }

    /// Restoring takes well under a second on a healthy kernel; its own
    /// steps time out at 10 s each.
    static let settleDeadline: Double = 30

    private func makeCell(_ scenario: Scenario, _ outcome: Outcome, _ evidence: Evidence, _ seconds: Double) -> Cell {
        Cell(variant: environment.variant, topology: environment.topology, scenario: scenario.name,
             outcome: outcome, evidence: evidence, duration: seconds, kernel: environment.kernel)
    }
}
