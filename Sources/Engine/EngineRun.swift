import Glibc
import Host
import Probes
import Results
import Synchronization

/// The matrix on the kernel this binary runs on, as `matrix` without --vm
/// and a lab guest (`GuestRun`) both run it.
public struct EngineRun {
    /// Who started the run, which decides how it may end.
    public enum Caller: Sendable {
        case user(quiet: Bool)
        /// A lab guest's init. The run stops after a kernel fault (the host
        /// boots a fresh guest for the rest), and a watchdog writes
        /// `statusFile` and exits when cells stop finishing.
        case guest(statusFile: String)
    }

    var options: EngineOptions
    var scenarios: [Scenario]
    var stream: String?
    var caller: Caller

    public init(options: EngineOptions, scenarios: [Scenario], stream: String?, caller: Caller) {
        self.options = options
        self.scenarios = scenarios
        self.stream = stream
        self.caller = caller
    }

    /// The document of the cells run; EngineError.interrupted after a Ctrl-C or SIGTERM.
    public func run() throws -> ResultsDocument {
        let environment = try TestEnvironment.detect(options)
        let sink = try stream.map(CellSink.init(path:))
        let kmsg = try? KmsgWatcher(path: environment.root.dev("kmsg"))
        let stop = Atomic(false)
        let signals = SignalHandler { stop.store(true, ordering: .relaxed) }
        defer { signals.cancel() }
        let progress: CellProgress?, watchdog: CellWatchdog?, stopAfterFault: Bool
        switch caller {
        case let .user(quiet):
            (progress, watchdog, stopAfterFault) = (quiet ? nil : CellProgress(total: scenarios.count), nil, false)
        case let .guest(statusFile):
            (progress, watchdog, stopAfterFault) = (CellProgress(total: scenarios.count), CellWatchdog(statusFile: statusFile, limit: 120 + options.race.seconds), true)
        }
        let streamCalls: (@Sendable (CallLine) -> Void)? = if case .guest = caller, let sink { { sink.write(call: $0) } } else { nil }
        let runner = MatrixRunner(environment: environment, scenarios: scenarios, kmsg: kmsg, streamCalls: streamCalls)
        let cells = runner.run(stopAfterFault: stopAfterFault, interrupted: { stop.load(ordering: .relaxed) }) { cell in
            watchdog?.progress()
            do { try sink?.write(cell) } catch {
                // On stderr, a guest's console, which the host keeps in the guest's console log.
                StandardError.write("Error: \(error)\n")
            }
            progress?.show(cell)
        }
        if stop.load(ordering: .relaxed) { throw EngineError.interrupted }
        let features = environment.features
        let run = RunInfo(source: "running kernel \(environment.kernel)", variants: [
            VariantInfo(name: environment.variant, description: "container \(features.container), group \(features.group), noiommu \(features.noiommu), cdev \(features.cdev)"),
        ], topologies: [environment.topology])
        return ResultsDocument(run: run, cells: cells)
    }
}
