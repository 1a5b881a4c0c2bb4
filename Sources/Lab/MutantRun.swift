import Host
import Results

/// The mutation check: the unmodified kernel on every variant a mutant
/// names, then each mutant kernel on its own variants and topologies, each
/// judged per variant by the cells that caught it. The unmodified kernel
/// runs in the same invocation, so a kill is never a fault of the tree.
public struct MutantRun: Sendable {
    public var mutants: [Mutant]
    /// What every lab run of the check shares (jobs, cache, timeout, the
    /// scenarios); each run sets its own patches, variants and topologies.
    public var options: LabOptions
    public var progress: Progress
    /// Run every cell of a mutant kernel, not stop a guest at its first kill:
    /// the whole picture of what a defect breaks, at the cost of a reboot
    /// per hung cell.
    public var everyCell = false
    /// Run the first killing cell's reproducer of each killed mutant again:
    /// on the mutant kernel it must show the kill, on the unmodified one pass.
    public var proveReproducers = false
    /// Gives each run's document back with the reproducers of cells whose
    /// guest died in them (written from the calls they streamed): the lab
    /// cannot write C, the engine can.
    public var reproducers: @Sendable (ResultsDocument) -> ResultsDocument = { $0 }

    /// Mutants are meant to hang guests: a shorter wait than the matrix's
    /// keeps the check's wall time down.
    public static let defaultGuestTimeout: Double = 180

    public init(mutants: [Mutant], options: LabOptions, progress: Progress, everyCell: Bool = false, proveReproducers: Bool = false,
                reproducers: @escaping @Sendable (ResultsDocument) -> ResultsDocument = { $0 }) {
        self.mutants = mutants
        self.options = options
        self.progress = progress
        self.everyCell = everyCell
        self.proveReproducers = proveReproducers
        self.reproducers = reproducers
    }

    public struct Report: Sendable {
        public var verdicts: [MutantVerdict]
        /// The unmodified kernel's cells that failed, crashed, hung or
        /// errored: with any, the verdicts cannot be trusted.
        public var baselineProblems: [Cell]
        /// Every run's cells, each mutant's marked with its name.
        public var document: ResultsDocument
    }

    /// The unmodified kernel, then each mutant. Each run's guests boot in
    /// the background while the next run builds: builds leave a core idle
    /// in their serial phases (configuring, make's walk of the tree,
    /// linking), and the tree is free once a run's kernels are built. One
    /// run boots at a time, so guests never share a guests directory.
    public func run() throws(LabError) -> Report {
        var options = options
        // One guest binary for every run: the mutants change the kernel, never the harness.
        let binary = try GuestBinary.prepare(override: options.guestBinary, paths: LabPaths(cache: options.cache, package: options.package),
                                             progress: progress)
        options.guestBinary = binary.path
        let unmodified = Self.unmodified(mutants, options)
        let everyCell = everyCell, progress = progress
        let runs = try [LabRun(options: unmodified, progress: progress)]
            + mutants.map { (mutant) throws(LabError) in try LabRun(options: Self.options(for: mutant, options, everyCell: everyCell), progress: progress) }
        let (proveReproducers, reproducers) = (proveReproducers, reproducers)
        let orders = runs.map { _ in CellOrder() }
        let documents = try LabRun.interruptibly { () throws(LabError) -> [ResultsDocument] in
            let lock = try runs[0].lockCache()
            defer { withExtendedLifetime(lock) {} }
            var documents: [ResultsDocument] = []
            var builts: [LabRun.Built] = []
            let queue = BootQueue<ResultsDocument>()
            // Whatever fails, the guests under way finish (or are ended by the signal) before the lock is let go.
            defer { queue.drain() }
            func finished(_ document: ResultsDocument?) {
                guard let document else { return }
                documents.append(reproducers(document))
                report(documents, orders: orders)
            }
            for (index, run) in runs.enumerated() {
                progress.note(index == 0 ? "mutants: unmodified kernel on \(unmodified.variants!.map(\.rawValue).joined(separator: ", "))"
                              : "mutant \(mutants[index - 1].name): \(mutants[index - 1].allVariants.map(\.rawValue).joined(separator: ",")) x \(mutants[index - 1].topologies.map(\.rawValue).joined(separator: ","))")
                let built = try run.build()
                builts.append(built)
                let order = orders[index]
                finished(try queue.start { () throws(LabError) in try run.boot(built) { order.note($0) } })
            }
            finished(try queue.finish())
            if proveReproducers { prove(&documents, builts: builts, orders: orders, binary: binary) }
            return documents
        }
        let verdicts = zip(mutants, zip(documents.dropFirst(), orders.dropFirst())).flatMap { Self.verdicts(of: $0, in: $1.0, order: $1.1) }
        return Report(verdicts: verdicts, baselineProblems: documents[0].cells.filter(\.outcome.isProblem),
                      document: ResultsDocument.merged([documents[0]] + zip(mutants, documents.dropFirst()).map { Self.marked($1, by: $0) }))
    }

    /// Each killed mutant's first killing cell to run, proven by its
    /// reproducer on the mutant's kernel of that variant and on the unmodified one.
    private func prove(_ documents: inout [ResultsDocument], builts: [LabRun.Built], orders: [CellOrder], binary: GuestBinary) {
        guard let unmodified = builts.first else { return }
        let paths = unmodified.labPaths
        let accelerator = Accelerator.remembered(paths) ?? .tcg
        let proof = ReproducerProof(paths: paths, accelerator: accelerator, binary: binary, progress: progress)
        for (index, mutant) in mutants.enumerated() where index + 1 < documents.count && index + 1 < builts.count {
            for verdict in Self.verdicts(of: mutant, in: documents[index + 1], order: orders[index + 1]) where !verdict.survived {
                guard let killer = verdict.killers.first(where: { $0.evidence.reproducer != nil }),
                      let (variant, failing) = builts[index + 1].artifacts.first(where: { $0.0.name == verdict.variant }),
                      let fixed = unmodified.artifacts.first(where: { $0.0.name == verdict.variant })?.1 else { continue }
                progress.note("mutant \(mutant.name) on \(verdict.variant): proving the reproducer of \(killer.scenario)")
                let said = proof.prove(killer, on: failing, against: fixed, vcpus: options.vcpus ?? variant.vcpus)
                progress.note("mutant \(mutant.name) on \(verdict.variant): reproducer \(said)")
                documents[index + 1].cells = documents[index + 1].cells.map { cell in
                    guard cell.key == killer.key else { return cell }
                    var proven = cell
                    proven.evidence.reproducer?.proof = said
                    return proven
                }
            }
        }
    }

    /// The verdicts of the run just finished, as it finishes.
    private func report(_ documents: [ResultsDocument], orders: [CellOrder]) {
        guard documents.count > 1 else { return }
        let mutant = mutants[documents.count - 2]
        for verdict in Self.verdicts(of: mutant, in: documents[documents.count - 1], order: orders[documents.count - 1]) {
            progress.note("mutant \(mutant.name) on \(verdict.variant): "
                          + (verdict.killers.first.map { "killed first by \($0.scenario) (\($0.topology))" + (verdict.killers.count > 1 ? ", \(verdict.killers.count) cells in all" : "") } ?? "SURVIVED")
                          + (verdict.asExpected ? "" : ", NOT AS EXPECTED"))
        }
    }

    /// The unmodified kernel on every variant of any mutant, in every topology.
    static func unmodified(_ mutants: [Mutant], _ options: LabOptions) -> LabOptions {
        var options = options
        options.patches = nil
        options.variants = Array(Set(mutants.flatMap(\.allVariants))).sorted()
        options.topologies = Topology.allCases
        return options
    }

    static func options(for mutant: Mutant, _ options: LabOptions, everyCell: Bool) -> LabOptions {
        var options = options
        options.stopAtFirstFault = !everyCell
        // Where the header says it is caught first: a guest that stops at its first kill stops early.
        options.runFirst = mutant.expectedKillers
        options.patches = mutant.path
        options.variants = mutant.allVariants
        options.topologies = mutant.topologies
        // What the command line says wins over the header.
        options.raceSeconds = options.raceSeconds ?? mutant.raceSeconds
        return options
    }

    /// Each variant's verdict, its killers in the order they ran: the first is the cell the kill is attributed to.
    static func verdicts(of mutant: Mutant, in document: ResultsDocument, order: CellOrder = CellOrder()) -> [MutantVerdict] {
        mutant.allVariants.map { variant in
            MutantVerdict(mutant: mutant.name, defect: mutant.defect, variant: variant,
                          cells: order.sorted(document.cells.filter { $0.variant == variant }),
                          expectedToSurvive: !mutant.variants.contains(variant))
        }
    }

    /// The mutant's cells marked with its name, so they merge with the
    /// unmodified kernel's. The mark names the patch, so the cells drop its
    /// patch step: a kill table is one matrix, not a series.
    static func marked(_ document: ResultsDocument, by mutant: Mutant) -> ResultsDocument {
        var run = document.run
        run.steps = []
        return ResultsDocument(run: run, cells: document.cells.map { cell in
            var marked = cell
            marked.mutant = mutant.name
            marked.patch = nil
            return marked
        })
    }
}
