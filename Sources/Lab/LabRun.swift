import Host
import Results
import Synchronization

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
        let plan = try plan(paths: paths)
        let builds = try build(plan, paths: paths)
        let recorder = try Recorder(journal: journal, progress: progress, emit: emit)
        builds.skipped.forEach(recorder.record)
        let booted = try boot(builds.built, done: plan.done, paths: paths, recorder: recorder)
        progress.note("matrix finished in \(Progress.clock(clock.seconds))")
        return collect(plan.previous + builds.skipped + booted, plan: plan, builds: builds)
    }

    private func collect(_ cells: [Cell], plan: Plan, builds: Builds) -> ResultsDocument {
        let run = RunInfo(source: builds.kernels.map(\.source).joined(separator: "; "), kernels: builds.kernels,
                          patches: plan.patches.names, steps: plan.patches.steps(eachPatch: options.eachPatch),
                          variants: builds.variants,
                          topologies: options.topologies.map(\.rawValue), started: nil)
        return ResultsDocument(run: run, cells: cells)
    }
}
