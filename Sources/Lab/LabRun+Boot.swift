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
        var skipped: [Cell] = []
        var accelerator: Accelerator?
        for (variant, artifacts) in built {
            let image = try GuestImage.build(for: artifacts, binary: binary, paths: paths, name: artifacts.place)
            accelerator = accelerator ?? Accelerator.choose(kernel: artifacts.bzImage, image: image.path, paths: paths, progress: progress)
            for topology in options.topologies {
                var planned = options.scenarios.filter {
                    !done.contains(CellKey(kernel: artifacts.kernel, variant: variant.name, topology: topology, scenario: $0,
                                           patch: artifacts.patch.index))
                }
                if let patterns = variant.scenarios {
                    let reason = "the \(variant.name) variant runs only \(patterns.map(\.text).joined(separator: ", ")) (its file's `scenarios =`)"
                    for scenario in planned where !patterns.contains(where: { $0.matches(scenario) }) {
                        let cell = Cell(variant: variant.name, topology: topology, scenario: scenario, outcome: .skip,
                                        evidence: Evidence(reason: reason), kernel: artifacts.kernel, patch: artifacts.patch)
                        recorder.record(cell)
                        skipped.append(cell)
                    }
                    planned.removeAll { scenario in !patterns.contains { $0.matches(scenario) } }
                }
                guard !planned.isEmpty else { continue }
                let vcpus = options.vcpus ?? variant.vcpus
                sessions.append(GuestSession(variant: variant.name, vcpus: vcpus, topology: topology, artifacts: artifacts, image: image,
                                             accelerator: accelerator!, catalog: options.catalog, timeout: options.guestTimeout,
                                             race: RaceSettings(seconds: options.raceSeconds, seed: options.raceSeed, iterations: options.raceIterations,
                                                                bareLoop: options.raceBareLoop, vcpus: vcpus),
                                             keepCalls: options.keepCalls,
                                             directory: paths.guests + "/\(artifacts.place)/\(topology)",
                                             stopAtFirstFault: options.stopAtFirstFault, first: Set(options.runFirst)))
                plans.append(planned)
            }
        }
        return try skipped + runSessions(sessions, plans: plans, recorder: recorder, timings: paths.cache + "/timings.tsv")
    }

    /// Up to `jobs` guests at once; each session streams its own cells. A
    /// progress line counts cells across all guests and estimates the rest
    /// from what earlier runs in this cache took (`RunEstimate`); each guest
    /// adds its own figures to those when it ends.
    private func runSessions(_ sessions: [GuestSession], plans: [[String]], recorder: Recorder, timings path: String) throws(LabError) -> [Cell] {
        let results = Mutex<[Result<GuestSession.Report, LabError>]>([])
        let timings = Mutex(CellTimings.load(path))
        let estimate = timings.withLock { timings in
            RunEstimate(zip(sessions, plans).map { session, plan in
                let key = (kernel: session.artifacts.kernel, variant: session.variant, topology: session.topology)
                return RunEstimate.Guest(cells: Dictionary(uniqueKeysWithValues: plan.map { scenario in
                    (scenario, timings.seconds(kernel: key.kernel, variant: key.variant, topology: key.topology, scenario: scenario))
                }), boot: timings.seconds(kernel: key.kernel, variant: key.variant, topology: key.topology, scenario: CellTimings.boot))
            }, jobs: options.jobs)
        }
        let clock = Stopwatch()
        let progress = progress
        let slots = DispatchSemaphore(value: max(1, options.jobs))
        let group = DispatchGroup()
        for (index, (session, plan)) in zip(sessions, plans).enumerated() {
            slots.wait()
            progress.note("guest \(session.artifacts.place)/\(session.topology): booting (\(plan.count) scenarios, \(session.accelerator.rawValue)\(session.vcpus > 1 ? ", \(session.vcpus) vCPUs" : ""))")
            estimate.started(index, at: clock.seconds)
            DispatchQueue.global().async(group: group) {
                let started = Stopwatch()
                let result = Result { () throws(LabError) -> GuestSession.Report in
                    try session.run(planned: plan) { cell in
                        recorder.record(cell)
                        let done = estimate.finished(cell, guest: index, at: clock.seconds)
                        let left = estimate.remaining(at: clock.seconds).map { "about \(Progress.clock($0)) left" } ?? "no estimate yet"
                        progress.update("cells \(done)/\(estimate.total), \(Progress.clock(clock.seconds)), \(left)")
                    }
                }
                estimate.ended(index)
                let summary = (try? result.get()).map { report in
                    timings.withLock { $0.record(report.cells, boot: report.boots == 1 ? report.firstCell : nil, kernel: session.artifacts.kernel,
                                                 variant: session.variant, topology: session.topology) }
                    return Outcome.allCases.compactMap { outcome in
                        let number = report.cells.count { $0.outcome == outcome }
                        return number > 0 ? "\(number) \(outcome.rawValue)" : nil
                    }.joined(separator: ", ") + " in \(Progress.clock(started.seconds)), \(report.boots) boot(s), first cell after "
                        + (report.firstCell.map { "\(Double(Int($0 * 10)) / 10)s" } ?? "-")
                } ?? (Subprocess.isTerminating ? "interrupted" : "failed")
                progress.note("guest \(session.artifacts.place)/\(session.topology): \(summary)")
                results.withLock { $0.append(result) }
                slots.signal()
            }
        }
        group.wait()
        if let verdict = estimate.verdict(endedAt: clock.seconds) { progress.note(verdict) }
        do { try timings.withLock { timings throws(LabError) in try timings.save(path) } } catch {
            progress.note("WARNING: the cells' timings are not kept for the next estimate: \(error)")
        }
        var cells: [Cell] = []
        for result in results.withLock({ $0 }) { cells += try result.get().cells }
        return cells
    }
}
