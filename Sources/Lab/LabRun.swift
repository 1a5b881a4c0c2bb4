import Dispatch
import FoundationEssentials
import Host
import Results
import Synchronization
import Glibc

/// The host side end to end: resolve and patch the source, build each
/// variant in the shared tree, boot its guests (several at once) and gather
/// the cells into one document. Every cell is also appended to a journal
/// next to the results file as it arrives, which is what --resume reads.
public struct LabRun: Sendable {
    public var options: LabOptions
    public var progress: Progress

    public init(options: LabOptions, progress: Progress) {
        self.options = options
        self.progress = progress
    }

    var journal: String? { options.results.map { $0 + ".cells.jsonl" } }

    /// A Ctrl-C or SIGTERM at any moment ends every child (make, tar, QEMU)
    /// and refuses new ones; the work under way then fails on its own, and
    /// the code that owns a tree change reverts it on the way out: one path,
    /// which the signal cannot cut short. The run then says it was
    /// interrupted (exit 130) rather than that a build failed.
    public func run(emit: @escaping @Sendable (Cell) -> Void) throws(LabError) -> ResultsDocument {
        let interrupted = Atomic(false)
        let signals = SignalHandler {
            interrupted.store(true, ordering: .relaxed)
            Subprocess.terminateAll()
        }
        defer { signals.cancel() }
        do {
            return try runInterruptibly(emit: emit)
        } catch {
            if interrupted.load(ordering: .relaxed) { throw .interrupted }
            throw error
        }
    }

    private func runInterruptibly(emit: @escaping @Sendable (Cell) -> Void) throws(LabError) -> ResultsDocument {
        let clock = Stopwatch()
        let paths = LabPaths(cache: options.cache, package: options.package)
        let lock = try RunLock.cache(paths.cache)
        defer { withExtendedLifetime(lock) {} }
        var names = options.variants ?? Variant.defaults
        if let shard = options.shard { names = try LabOptions.shard(names, shard) }
        let variants = try Variant.load(names, from: paths.variants)
        let patches = try PatchSeries.load(options.patches)
        for kernel in options.kernels { try kernel.validate() }
        let previous = try resumedCells()
        if !options.resume, let journal { LabFile.remove(journal) }
        let done = Set(previous.map(\.key))
        if !previous.isEmpty { progress.note("resuming: \(previous.count) cells already recorded") }

        var infos: [VariantInfo] = []
        var kernels: [KernelInfo] = []
        var built: [(Variant, KernelArtifacts)] = []
        var cells = previous
        for choice in options.kernels {
            let source = try KernelSource.resolve(choice, paths: paths, progress: progress)
            guard !kernels.contains(where: { $0.release == source.release }) else {
                throw .noSource("--kernels: \(choice) is release \(source.release) like an earlier kernel of this run; the matrix keys on the release, so run them separately")
            }
            kernels.append(KernelInfo(release: source.release, source: source.identity))
            let tree = try KconfigTree.read(tree: source.tree)
            let results = try withPatches(patches, on: source, paths: paths) { () throws(LabError) in
                let builder = KernelBuilder(paths: paths, source: source, patches: patches,
                                            jobs: ProcessInfo.processInfo.activeProcessorCount + 1, progress: progress)
                var results: [(VariantInfo, KernelArtifacts?)] = []
                for variant in variants { results.append(try builder.build(variant.plan(on: tree), tree: tree)) }
                // Every run, cached kernels or not: the harness's copies change without the tree.
                if results.contains(where: { $0.1 != nil }) {
                    try UapiLayoutCheck.run(tree: source.tree, buildTree: builder.buildTree, package: paths.package,
                                            into: builder.buildTree + "/.vfio-conformance")
                    progress.note("uapi layouts: the harness's structs match \(source.release)'s vfio.h and iommufd.h")
                }
                return results
            }
            for ((info, artifacts), variant) in zip(results, variants) {
                infos.append(info)
                if let artifacts {
                    built.append((variant, artifacts))
                } else {
                    cells += skipped(info, done: done)
                }
            }
        }
        let recorder = try Recorder(journal: journal, progress: progress, emit: emit)
        cells.filter { !done.contains($0.key) }.forEach(recorder.record)

        if !built.isEmpty {
            let binary = try GuestBinary.prepare(override: options.guestBinary, paths: paths, progress: progress)
            var sessions: [GuestSession] = []
            var plans: [[String]] = []
            var accelerator: Accelerator?
            for (variant, artifacts) in built {
                let image = try GuestImage.build(for: artifacts, binary: binary, paths: paths, name: "\(artifacts.kernel)/\(variant.name)")
                accelerator = accelerator ?? Accelerator.choose(kernel: artifacts.bzImage, image: image.path, paths: paths, progress: progress)
                for topology in options.topologies {
                    let planned = options.scenarios.filter {
                        !done.contains(CellKey(kernel: artifacts.kernel, variant: variant.name, topology: topology.rawValue, scenario: $0))
                    }
                    guard !planned.isEmpty else { continue }
                    sessions.append(GuestSession(variant: variant.name, topology: topology, artifacts: artifacts, image: image,
                                                 accelerator: accelerator!, catalog: options.catalog, timeout: options.guestTimeout,
                                                 directory: paths.guests + "/\(artifacts.kernel)/\(variant.name)/\(topology.rawValue)"))
                    plans.append(planned)
                }
            }
            cells += try runSessions(sessions, plans: plans, recorder: recorder)
        }
        progress.note("matrix finished in \(Progress.clock(clock.seconds))")
        let run = RunInfo(source: kernels.map(\.source).joined(separator: "; "), kernels: kernels, patches: patches.names,
                          variants: infos, topologies: options.topologies.map(\.rawValue), started: nil)
        return ResultsDocument(run: run, cells: cells)
    }

    /// Runs `work` with the series applied to the source's tree, and reverts
    /// it after, also when interrupted. Patches an interrupted run left
    /// applied are reverted first.
    private func withPatches<T>(_ patches: PatchSeries, on source: KernelSource, paths: LabPaths,
                                _ work: () throws(LabError) -> T) throws(LabError) -> T {
        // The tree has its own lock: runs on other caches may share it.
        let lock = try RunLock.tree(source.tree)
        defer { withExtendedLifetime(lock) {} }
        let patchJournal = paths.applied + "/" + ContentKey.of(source.tree)
        for repair in try PatchSeries.recover(tree: source.tree, journal: patchJournal) {
            progress.note("repaired \(source.tree) after an interrupted run: \(repair)")
        }
        guard !patches.patches.isEmpty else { return try work() }
        try patches.apply(to: source.tree, journal: patchJournal)
        defer {
            do { try PatchSeries.recover(tree: source.tree, journal: patchJournal) } catch { progress.note("WARNING: reverting patches: \(error)") }
        }
        progress.note("applied \(patches.patches.count) patch(es) to \(source.release): \(patches.names.joined(separator: ", "))")
        return try work()
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
            progress.note("guest \(session.artifacts.kernel)/\(session.variant)/\(session.topology.rawValue): booting (\(plan.count) scenarios, \(session.accelerator.rawValue))")
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
                progress.note("guest \(session.artifacts.kernel)/\(session.variant)/\(session.topology.rawValue): \(summary)")
                results.withLock { $0.append(result) }
                slots.signal()
            }
        }
        group.wait()
        var cells: [Cell] = []
        for result in results.withLock({ $0 }) { cells += try result.get().cells }
        return cells
    }

    /// Every planned cell of a variant that did not run, skipped with its verdict.
    private func skipped(_ info: VariantInfo, done: Set<CellKey>) -> [Cell] {
        let reason = info.effectiveState == .unavailable
            ? "variant not available on this kernel: \(info.reason ?? "")"
            : "variant dropped by Kconfig: \(info.reason ?? info.dropped.joined(separator: "; "))"
        return options.topologies.flatMap { topology in
            options.scenarios.map { Cell(variant: info.name, topology: topology.rawValue, scenario: $0, outcome: .skip,
                                         evidence: Evidence(reason: reason), kernel: info.kernel) }
        }.filter { !done.contains($0.key) }
    }

    private func resumedCells() throws(LabError) -> [Cell] {
        guard options.resume, let journal else { return [] }
        guard LabFile.exists(journal) else { throw .tool("--resume: no journal \(journal) from an earlier run with --results \(options.results!)") }
        do { return try CellStream.cells(in: LabFile.read(journal), file: journal) } catch { throw .tool("\(error)") }
    }
}
