import Host
import Results
import Synchronization

/// The host side end to end: resolve and patch the source, build each
/// variant in the shared tree, boot its guests (several at once) and gather
/// the cells into one document. Every cell is also appended to a journal
/// next to the results file as it arrives, which is what --resume reads.
public struct LabRun: Sendable {
    public let options: LabOptions
    public var progress: Progress
    let plan: Plan

    /// Loads the variants and the series the options name: what is wrong
    /// with them is refused here, before any work.
    public init(options: LabOptions, progress: Progress) throws(LabError) {
        self.options = options
        self.progress = progress
        plan = try Self.plan(options)
    }

    var journal: String? { options.results.map { $0 + ".cells.jsonl" } }

    /// A Ctrl-C or SIGTERM at any moment ends every child (make, tar, QEMU)
    /// and refuses new ones; the work under way then fails on its own, and
    /// the code that owns a tree change reverts it on the way out: one path,
    /// which the signal cannot cut short. The run then says it was
    /// interrupted (exit 130) rather than that a build failed.
    ///
    /// Each kernel's (and with --each-patch each step's) guests boot while
    /// the next one builds: the artifacts are copies, so the tree is free
    /// to move on, and the guests fill the core a build leaves idle in its
    /// serial phases. One batch boots at a time, so guests never share a
    /// guests directory.
    ///
    /// `reproducers`, when given, is handed the finished document and gives
    /// it back with the reproducers to prove (`--repro`): each is built and
    /// booted on the kernels of this run, and its proof written into it.
    public func run(emit: @escaping @Sendable (Cell) -> Void,
                    reproducers: ((ResultsDocument) -> (ResultsDocument, [ProofRequest]))? = nil) throws(LabError) -> ResultsDocument {
        try Self.interruptibly { () throws(LabError) in
            let lock = try lockCache()
            defer { withExtendedLifetime(lock) {} }
            let clock = Stopwatch()
            let paths = LabPaths(cache: options.cache, package: options.package)
            let resumed = try resume()
            let recorder = try Recorder(journal: journal, progress: progress, emit: emit)
            var booted: [Cell] = []
            let queue = BootQueue<[Cell]>()
            // Whatever fails, the guests under way finish (or are ended by the signal) before the lock is let go.
            defer { queue.drain() }
            let builds = try build(done: resumed.done, paths: paths) { (batch) throws(LabError) in
                batch.skipped.forEach(recorder.record)
                guard !batch.built.isEmpty else { return }
                let run = self
                booted += try queue.start { () throws(LabError) in try run.boot(batch.built, done: resumed.done, paths: paths, recorder: recorder) } ?? []
            }
            booted += try queue.finish() ?? []
            progress.note("matrix finished in \(Progress.clock(clock.seconds))")
            let document = collect(resumed.previous + builds.skipped + booted, builds: builds)
            guard let reproducers else { return document }
            let (attached, requests) = reproducers(document)
            return try prove(requests, in: attached, built: builds.built, paths: paths)
        }
    }

    /// One run per cache at a time: two would build in one tree and boot from one guests directory.
    func lockCache() throws(LabError) -> RunLock {
        try RunLock.cache(LabPaths(cache: options.cache, package: options.package).cache)
    }

    /// Runs `work` with Ctrl-C and SIGTERM ending every child, and says
    /// "interrupted" for whatever failed after one.
    static func interruptibly<T>(_ work: () throws(LabError) -> T) throws(LabError) -> T {
        let interrupted = Atomic(false)
        let signals = SignalHandler {
            interrupted.store(true, ordering: .relaxed)
            Subprocess.terminateAll()
        }
        defer { signals.cancel() }
        do {
            return try work()
        } catch {
            if interrupted.load(ordering: .relaxed) { throw .interrupted }
            throw error
        }
    }

    /// A run's kernels built and ready to boot: the first half of `run`, so
    /// that a caller holding the cache's lock can boot one run's guests while
    /// the next run builds (the tree is free again once its builds are done).
    struct Built: Sendable {
        fileprivate let resumed: Resumed
        fileprivate let builds: Builds
        fileprivate let paths: LabPaths
        fileprivate let clock: Stopwatch

        /// Each variant's kernel as built.
        var artifacts: [(Variant, KernelArtifacts)] { builds.built }
        var labPaths: LabPaths { paths }
    }

    /// Plans and builds every kernel; the caller holds the cache's lock.
    func build() throws(LabError) -> Built {
        let clock = Stopwatch()
        let paths = LabPaths(cache: options.cache, package: options.package)
        let resumed = try resume()
        return Built(resumed: resumed, builds: try build(done: resumed.done, paths: paths) { _ in }, paths: paths, clock: clock)
    }

    /// Boots what `build` made and gathers the document.
    func boot(_ built: Built, emit: @escaping @Sendable (Cell) -> Void) throws(LabError) -> ResultsDocument {
        let recorder = try Recorder(journal: journal, progress: progress, emit: emit)
        built.builds.skipped.forEach(recorder.record)
        let booted = try boot(built.builds.built, done: built.resumed.done, paths: built.paths, recorder: recorder)
        progress.note("matrix finished in \(Progress.clock(built.clock.seconds))")
        return collect(built.resumed.previous + built.builds.skipped + booted, builds: built.builds)
    }

    private func collect(_ cells: [Cell], builds: Builds) -> ResultsDocument {
        let run = RunInfo(source: builds.kernels.map(\.source).joined(separator: "; "), kernels: builds.kernels,
                          patches: plan.patches.names, steps: plan.patches.steps(eachPatch: options.eachPatch),
                          variants: builds.variants,
                          topologies: options.topologies, started: nil)
        return ResultsDocument(run: run, cells: cells)
    }
}
