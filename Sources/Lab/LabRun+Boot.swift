import Dispatch
import Host
import Results
import Synchronization

extension LabRun {
    /// Boots the built variants' guests, one session per topology for the
    /// scenarios not already done, and returns their cells.
    func boot(_ built: [(Variant, KernelArtifacts)], done: Set<CellKey>, paths: LabPaths,
              recorder: Recorder) throws(LabError) -> [Cell] {
        guard !built.isEmpty else { return [] }
        let binary = try GuestBinary.prepare(override: options.guestBinary, paths: paths, progress: progress)
        var sessions: [GuestSession] = []
        var plans: [[String]] = []
        var accelerator: Accelerator?
        for (variant, artifacts) in built {
            let image = try GuestImage.build(for: artifacts, binary: binary, paths: paths, name: artifacts.place)
            accelerator = accelerator ?? Accelerator.choose(kernel: artifacts.bzImage, image: image.path, paths: paths, progress: progress)
            for topology in options.topologies {
                let planned = options.scenarios.filter {
                    !done.contains(CellKey(kernel: artifacts.kernel, variant: variant.name, topology: topology.rawValue, scenario: $0,
                                           patch: artifacts.patch.index))
                }
                guard !planned.isEmpty else { continue }
                sessions.append(GuestSession(variant: variant.name, vcpus: variant.vcpus, topology: topology, artifacts: artifacts, image: image,
                                             accelerator: accelerator!, catalog: options.catalog, timeout: options.guestTimeout,
                                             parameters: options.guestParameters(variant.vcpus),
                                             directory: paths.guests + "/\(artifacts.place)/\(topology.rawValue)",
                                             stopAtFirstFault: options.stopAtFirstFault, first: Set(options.runFirst)))
                plans.append(planned)
            }
        }
        return try runSessions(sessions, plans: plans, recorder: recorder)
    }

    /// Up to `jobs` guests at once; each session streams its own cells. A
    /// progress line counts cells across all guests and estimates the rest
    /// from the pace so far.
    private func runSessions(_ sessions: [GuestSession], plans: [[String]], recorder: Recorder) throws(LabError) -> [Cell] {
        let results = Mutex<[Result<GuestSession.Report, LabError>]>([])
        let finished = Mutex(0)
        let total = plans.map(\.count).reduce(0, +)
        let clock = Stopwatch()
        let progress = progress
        let count: @Sendable (Cell) -> Void = { cell in
            recorder.record(cell)
            let done = finished.withLock { $0 += 1; return $0 }
            let left = clock.seconds / Double(done) * Double(total - done)
            progress.update("cells \(done)/\(total), \(Progress.clock(clock.seconds)), about \(Progress.clock(left)) left")
        }
        let slots = DispatchSemaphore(value: max(1, options.jobs))
        let group = DispatchGroup()
        for (session, plan) in zip(sessions, plans) {
            slots.wait()
            progress.note("guest \(session.artifacts.place)/\(session.topology.rawValue): booting (\(plan.count) scenarios, \(session.accelerator.rawValue)\(session.vcpus > 1 ? ", \(session.vcpus) vCPUs" : ""))")
            DispatchQueue.global().async(group: group) {
                let clock = Stopwatch()
                let result = Result { () throws(LabError) -> GuestSession.Report in try session.run(planned: plan, emit: count) }
                let summary = (try? result.get()).map { report in
                    Outcome.allCases.compactMap { outcome in
                        let number = report.cells.count { $0.outcome == outcome }
                        return number > 0 ? "\(number) \(outcome.rawValue)" : nil
                    }.joined(separator: ", ") + " in \(Progress.clock(clock.seconds)), \(report.boots) boot(s), first cell after "
                        + (report.firstCell.map { "\(Double(Int($0 * 10)) / 10)s" } ?? "-")
                } ?? (Subprocess.isTerminating ? "interrupted" : "failed")
                progress.note("guest \(session.artifacts.place)/\(session.topology.rawValue): \(summary)")
                results.withLock { $0.append(result) }
                slots.signal()
            }
        }
        group.wait()
        var cells: [Cell] = []
        for result in results.withLock({ $0 }) { cells += try result.get().cells }
        return cells
    }
}
