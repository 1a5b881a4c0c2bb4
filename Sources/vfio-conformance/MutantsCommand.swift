import ArgumentParser
import Engine
import Glibc
import Lab
import Reports
import Results

/// Builds each mutant kernel in the shared tree, runs the matrix on the
/// variants that matter for it and prints who killed it. The unmodified
/// kernel runs in the same invocation and must pass everywhere.
struct MutantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mutants", abstract: "Prove the matrix catches real VFIO bugs: run every mutant kernel and print the kill table.")

    @Option(help: ArgumentHelp("Directory of mutant patches (default: Fixtures/mutants).", valueName: "dir"))
    var mutants: String?

    @Option(help: ArgumentHelp("Only these mutants: comma-separated name prefixes (01,07-noiommu).", valueName: "names"))
    var only: String?

    @Option(parsing: .unconditional, help: "Seconds a guest may run before it counts as hung.")
    var guestTimeout: Double = 180

    @Option(parsing: .unconditional, help: "Guests to run at once (default: the number of cores).")
    var jobs: Int = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    @Option(help: ArgumentHelp("Cache directory, as for --matrix --vm.", valueName: "dir"))
    var cache: String?

    @Option(help: ArgumentHelp("Write every mutant's cells (JSON) here, the variant named mutant:variant.", valueName: "file"))
    var results: String?

    @Flag(help: "No progress output.")
    var quiet = false

    func validate() throws {
        try LabArguments.check(jobs: jobs, guestTimeout: guestTimeout)
        if let results { try ResultsTarget.check(results, option: "--results", force: false) }
    }

    func run() throws {
        let package = try PackageLocation.required()
        var selected = try Mutant.loadAll(from: mutants ?? package + "/Fixtures/mutants")
        if let only {
            let prefixes = only.split(separator: ",").map(String.init)
            selected = selected.filter { mutant in prefixes.contains { mutant.name.hasPrefix($0) } }
            guard !selected.isEmpty else { throw ValidationError("--only \(only): no mutant name starts with that") }
        }
        let progress = Progress(quiet: quiet)
        let catalog = ScenarioCatalog.all.map(\.name)
        // One guest binary for every run: the mutants change the kernel, never the harness.
        let binary = try GuestBinary.prepare(override: nil, paths: LabPaths(cache: cache, package: package), progress: progress)
        func lab(_ patches: String?, _ variants: [String], _ topologies: [Topology]) throws -> ResultsDocument {
            var options = LabOptions(package: package, catalog: catalog, scenarios: catalog, jobs: jobs)
            options.patches = patches
            options.variants = variants
            options.topologies = topologies
            options.cache = cache
            options.guestTimeout = guestTimeout
            options.guestBinary = binary.path
            options.quiet = quiet
            return try LabRun(options: options, progress: progress).run { _ in }
        }
        let clock = ContinuousClock.now
        let allVariants = Array(Set(selected.flatMap(\.variants))).sorted()
        progress.note("mutants: unmodified kernel on \(allVariants.joined(separator: ", "))")
        let baseline = try lab(nil, allVariants, Topology.allCases)
        var verdicts: [MutantVerdict] = []
        var documents = [baseline]
        for mutant in selected {
            progress.note("mutant \(mutant.name): \(mutant.variants.joined(separator: ",")) x \(mutant.topologies.map(\.rawValue).joined(separator: ","))")
            let document = try lab(mutant.path, mutant.variants, mutant.topologies)
            for variant in mutant.variants {
                let verdict = MutantVerdict(mutant: mutant.name, defect: mutant.defect, variant: variant,
                                            cells: document.cells.filter { $0.variant == variant })
                progress.note("mutant \(mutant.name) on \(variant): " + (verdict.survived ? "SURVIVED" : "killed (\(verdict.killers.count) cells)"))
                verdicts.append(verdict)
            }
            documents.append(ResultsDocument(run: document.run, cells: document.cells.map { cell in
                var renamed = cell
                renamed.variant = "\(mutant.name):\(cell.variant)"
                return renamed
            }))
        }
        let problems = baseline.cells.filter(\.outcome.isProblem)
        print(KillTable.render(verdicts, baselineProblems: problems), terminator: "")
        print("wall time \(Progress.clock(Double((ContinuousClock.now - clock).components.seconds)))")
        if let results { try ResultsFile.write(ResultsDocument.merged(documents), to: results) }
        if !problems.isEmpty { throw ExitCode(2) }
        if verdicts.contains(where: \.survived) { throw ExitCode(1) }
    }
}
