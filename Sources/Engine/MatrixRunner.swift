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
    let kmsg: KmsgWatcher?

    public init(environment: TestEnvironment, scenarios: [Scenario], kmsg: KmsgWatcher?) {
        self.environment = environment
        self.scenarios = scenarios
        self.kmsg = kmsg
    }

    /// Runs every scenario; stops early when `interrupted` says so. After a
    /// hang the kernel holds a thread blocked forever, and after a kernel
    /// report it is tainted and may hold locks of a killed thread: every later
    /// cell would inherit that. With `stopAfterFault` (in a lab guest) the run
    /// ends there and the lab resumes the rest in a fresh guest; otherwise the
    /// rest are skipped with that reason.
    public func run(stopAfterFault: Bool, interrupted: () -> Bool, emit: (Cell) -> Void) -> [Cell] {
        let restorer = Restorer(environment: environment)
        let baseline = SystemSnapshot(environment)
        var cells: [Cell] = []
        var wedged: String?
        for scenario in scenarios {
            if interrupted() || (stopAfterFault && wedged != nil) { break }
            var cell: Cell
            if let wedged {
                cell = makeCell(scenario, .skip, Evidence(reason: "not run: the kernel was left unreliable by \(wedged); rerun in a fresh guest"), 0)
            } else {
                cell = run(scenario, restorer: restorer, baseline: baseline)
                if cell.outcome == .hang || cell.outcome == .crash { wedged = "the \(cell.outcome.rawValue) in \(scenario.name)" }
            }
            emit(cell)
            cells.append(cell)
        }
        return cells
    }

    func run(_ scenario: Scenario, restorer: Restorer, baseline: SystemSnapshot) -> Cell {
        if let reason = scenario.requirements.lazy.compactMap({
            $0.unmet(features: environment.features, hasIOMMUGroup: environment.hasIOMMUGroup)
        }).first {
            return makeCell(scenario, .skip, Evidence(reason: reason), 0)
        }
        _ = kmsg?.drain()
        let start = ContinuousClock.now
        let context = ScenarioContext(environment: environment, scenario: scenario.name,
                                      readKernelLog: { kmsg?.drain().map(\.message) ?? [] })
        var stop: ScenarioStop?
        do { try scenario.body(context) } catch { stop = error }
        context.closeAll()
        let restoreProblems = stop.map { if case .hang = $0 { return true } else { return false } } == true
            ? restorer.restore(unbindTimeout: 3) : restorer.restore()
        let log = context.kernelLog()
        let reports = KernelLogClassifier.reports(in: log)
        let invariants = restoreProblems + SystemSnapshot(environment).brokenInvariants(against: baseline)

        var evidence = Evidence(steps: context.steps, kernelReports: reports, invariants: invariants)
        let outcome: Outcome
        switch stop {
        case let .hang(step, seconds)?:
            outcome = .hang
            evidence.step = step
            evidence.observed = "still blocked after \(Int(seconds)) s"
        case let .mismatch(step, expected, observed, rule)?:
            outcome = .fail
            evidence.step = step
            evidence.expected = expected
            evidence.observed = observed
            if let rule { evidence.reason = "\(environment.expectations.file):\(rule)" }
        case let .skip(reason)?:
            outcome = .skip
            evidence.reason = reason
        case let .harness(reason)?:
            outcome = .error
            evidence.reason = reason
        case nil:
            outcome = invariants.isEmpty ? .pass : .fail
            if !invariants.isEmpty { evidence.step = "invariants after the cell" }
        }
        return makeCell(scenario, reports.isEmpty ? outcome : .crash, evidence, context.seconds(since: start))
    }

    private func makeCell(_ scenario: Scenario, _ outcome: Outcome, _ evidence: Evidence, _ seconds: Double) -> Cell {
        Cell(variant: environment.variant, topology: environment.topology, scenario: scenario.name,
             outcome: outcome, evidence: evidence, duration: seconds, kernel: environment.kernel)
    }
}
