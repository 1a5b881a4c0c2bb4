import Host
import Probes
import Results
import Synchronization

/// Runs one variant's planned scenarios in one topology, booting guests until
/// every scenario has a cell. When a guest dies (panic, oops that kills the
/// harness, a wedge past the timeout) the cell in flight is recorded as a
/// crash or hang with the console's tail, and a fresh guest resumes after it.
struct GuestSession: Sendable {
    var variant: VariantName
    var vcpus: Int
    var topology: Topology
    var artifacts: KernelArtifacts
    var image: GuestImage
    var accelerator: Accelerator
    var catalog: [String]
    var timeout: Double
    var race: RaceSettings
    /// Cells keep their kernel calls (`--repro`).
    var keepCalls = false
    var directory: String
    /// No new boot after a cell of this session failed, crashed or hung.
    var stopAtFirstFault = false
    /// Run before the rest of the plan (a mutant's expected killers).
    var first: Set<String> = []

    /// What a session came to: its cells, the boots it took, and the seconds
    /// from the first QEMU start to the first cell (boot cost, for benchmarks).
    /// Boots that may fail before the harness starts before the session gives up.
    static let bootAttempts = 2

    struct Report: Sendable {
        var cells: [Cell]
        var boots: Int
        var firstCell: Double?
    }

    func run(planned: [String], emit: @Sendable (Cell) -> Void) throws(LabError) -> Report {
        try LabFile.makeDirectory(directory)
        let decoder = StackDecoder(artifacts: artifacts)
        let clock = Stopwatch()
        var firstCell: Double?
        var remaining = ScenarioPlan.order(planned, first: first)
        var cells: [Cell] = []
        var boot = 0, bootFailures = 0
        while !remaining.isEmpty, !(stopAtFirstFault && cells.contains(where: \.outcome.isKernelFault)) {
            boot += 1
            let console = directory + "/boot-\(boot).console.log"
            let stream = directory + "/boot-\(boot).cells.jsonl"
            LabFile.remove(console)
            LabFile.remove(stream)
            let plan = GuestBoot.Plan(variant: variant, topology: topology, plan: ScenarioPlan(catalog: catalog, running: Set(remaining)).encoded,
                                      first: first.isDisjoint(with: remaining) ? nil : ScenarioPlan(catalog: catalog, running: first.intersection(remaining)).encoded,
                                      getPACommand: artifacts.getPACommand, race: race, keepCalls: keepCalls)
            let qemu = QEMU(kernel: artifacts.bzImage, initramfs: image.path, topology: topology, accelerator: accelerator,
                            console: console, cells: stream, boot: GuestBoot(.scenarios(plan), cpus: vcpus))
            let arguments = qemu.arguments, timeout = timeout
            let fault = FaultSeen()
            // The timeout counts from the last cell: a slow guest (a checker
            // kernel) that keeps finishing cells is never called hung.
            let guest = BackgroundCall {
                try? Subprocess.run(arguments, timeout: timeout, progress: { LabFile.size(stream) }, stop: { fault.seen.withLock { $0 } })
            }
            var seen = 0
            func collect() -> [Cell] {
                let fresh = Array(((try? CellStream.cells(in: LabFile.read(stream), file: stream)) ?? []).dropFirst(seen)).map { cell in
                    var cell = decoder.decode(cell)
                    cell.kernel = artifacts.kernel
                    cell.patch = artifacts.patch
                    return cell
                }
                if !fresh.isEmpty && firstCell == nil { firstCell = clock.seconds }
                if stopAtFirstFault && fresh.contains(where: \.outcome.isKernelFault) { fault.seen.withLock { $0 = true } }
                seen += fresh.count
                fresh.forEach(emit)
                return fresh
            }
            var bootCells: [Cell] = []
            while guest.wait(seconds: 0.5) == nil { bootCells += collect() }
            bootCells += collect()
            let result = guest.wait(seconds: 0) ?? nil
            cells += bootCells
            // A guest killed by the harness's own Ctrl-C died of nothing in its cell.
            if Subprocess.isTerminating { throw .interrupted }
            // Stopped at its first fault on purpose: the cell after it was not in flight.
            if fault.seen.withLock({ $0 }) { break }
            let finished = Set(bootCells.map(\.scenario))
            remaining.removeAll(where: finished.contains)
            guard let next = remaining.first else { break }

            let log = (try? LabFile.read(console)) ?? ""
            let lines = Self.consoleLines(log)
            let status = Self.status(in: lines)
            // The harness ended by itself (any kselftest code) with scenarios
            // left only if it was told to stop; anything else (a signal, no
            // status at all, wedged, killed) means a cell was in flight.
            if case let .exited(code)? = status, [0, 1, 2, ExitStatus.nothingTested].contains(code) {
                if bootCells.isEmpty {
                    throw .guest("guest \(artifacts.place)/\(topology) ran no planned scenario (status \(code)); console: \(console)")
                }
                continue
            }
            // A kernel that fails before init starts the harness (TCG under
            // load can fail the boot's timer check) is no scenario's doing:
            // boot again once; after that `attribute` makes it an error.
            if Self.failedBooting(lines) {
                bootFailures += 1
                if bootFailures < Self.bootAttempts { continue }
            }
            var inFlight = attribute(next, console: lines, wedged: result?.timedOut ?? true || status == .wedged,
                                     bootCells: bootCells.count, path: console)
            // What the cell did before its guest died, for its reproducer.
            inFlight.evidence.calls = CallLine.log(of: next, in: (try? LabFile.read(stream)) ?? "")
            // A guest that died before its first cell without a kernel report
            // will die the same way again: give every remaining cell its error.
            let casualties = inFlight.outcome == .error && bootCells.isEmpty ? remaining : [next]
            let decoded = decoder.decode(inFlight)
            for scenario in casualties {
                var cell = decoded
                if scenario != next { cell.evidence.calls = nil }
                cell.scenario = scenario
                emit(cell)
                cells.append(cell)
            }
            remaining.removeFirst(casualties.count)
        }
        return Report(cells: cells, boots: boot, firstCell: firstCell)
    }

    /// A serial console ends lines with "\r\n", which Swift reads as one
    /// Character: splitting on "\n" would not split it at all.
    static func consoleLines(_ log: String) -> [String] {
        log.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }

    /// What the guest's init said of the harness; nil when the guest died
    /// before saying anything.
    static func status(in lines: [String]) -> GuestProtocol.Status? {
        lines.last { $0.hasPrefix(GuestProtocol.doneMarker) }.flatMap { GuestProtocol.Status(String($0.dropFirst(GuestProtocol.doneMarker.count))) }
    }

    /// Whether the kernel reported a fault before init started the harness.
    static func failedBooting(_ lines: [String]) -> Bool {
        !harnessStarted(lines) && !KernelLogClassifier.findings(in: lines).findings.isEmpty
    }

    private static func harnessStarted(_ lines: [String]) -> Bool {
        lines.contains { $0.contains(GuestProtocol.harnessMarker) }
    }

    /// The cell a dead guest was running: a crash when the console shows a
    /// kernel report, a hang when the guest outlived its timeout, else an
    /// error (also for a kernel that failed before the harness started).
    private func attribute(_ scenario: String, console lines: [String], wedged: Bool, bootCells: Int, path: String) -> Cell {
        let reports = KernelLogClassifier.findings(in: lines).findings
        let tail = Array(lines.suffix(40))
        let booted = Self.harnessStarted(lines)
        let outcome: Outcome = reports.isEmpty ? (wedged ? .hang : .error) : booted ? .crash : .error
        let reason: String = switch outcome {
        case .crash: "the guest died during this cell; console: \(path)"
        case .hang: "the harness stopped making progress in this cell (watchdog, or no cell for the \(Int(timeout)) s guest timeout); console: \(path)"
        default: if let report = reports.first, !booted {
            "the guest kernel failed while booting, before the harness started: \(report.headline); console: \(path)"
        } else if bootCells == 0 && !lines.contains(where: { $0.contains("vfio-conformance") }) {
            "the guest never reached the harness; console: \(path)"
        } else {
            "the harness died during this cell without a kernel report; console: \(path)"
        }
        }
        return Cell(variant: variant, topology: topology, scenario: scenario, outcome: outcome,
                    evidence: Evidence(reason: reason, kernelReports: reports, console: tail),
                    kernel: artifacts.kernel, patch: artifacts.patch)
    }
}

/// Set once a cell of a boot failed, crashed or hung, for a session that
/// stops there: the guest is ended from the host while it runs on.
private final class FaultSeen: Sendable {
    let seen = Mutex(false)
}
