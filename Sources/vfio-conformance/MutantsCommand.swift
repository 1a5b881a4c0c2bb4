import ArgumentParser
import Engine
import Host
import Lab
import Reports

/// Builds each mutant kernel in the shared tree, runs the matrix on the
/// variants that matter for it and prints who killed it. The unmodified
/// kernel runs in the same invocation and must pass everywhere.
struct MutantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mutants", abstract: "Prove the matrix catches real VFIO bugs: run every mutant kernel and print the kill table.")

    @Option(help: ArgumentHelp("Directory of mutant patches (default: Fixtures/mutants).", valueName: "dir"))
    var mutants: String?

    @Option(help: ArgumentHelp("Only these mutants: comma-separated name prefixes (01,07-noiommu).", valueName: "names"),
            transform: { try CommaList.parse($0, option: "--only", example: "01,07-noiommu") })
    var only: [String]?

    @Flag(help: "Run every cell of each mutant kernel; by default a guest stops at its first failed, crashed or hung cell, since one kill is the verdict.")
    var everyCell = false

    @Flag(help: "Prove each killed mutant's reproducer (`repro`): its first killing cell's program, built statically against the tree's uapi headers, must show the kill in a guest of the mutant kernel and pass in one of the unmodified kernel; the proof goes into the results and the kill table.")
    var proveReproducers = false

    @Flag(inversion: .prefixedNo,
          help: "Build the mutant kernels with debug info, so their crashes decode to file:line. --no-debug-info uses the plain trees a matrix run builds anyway: a cold machine saves building a debug-info tree (CI's subset does this to stay in its budget).")
    var debugInfo = true

    @OptionGroup(title: "Guests") var resources: LabResourceOptions
    @OptionGroup(title: "Output") var output: RunOutputOptions

    func validate() throws { _ = try selected() }

    private func selected() throws -> [Mutant] {
        do {
            let all = try Mutant.loadAll(from: mutants ?? PackageLocation.required() + "/Fixtures/mutants")
            return try only.map { prefixes throws(LabError) in try Mutant.select(all, prefixes: prefixes) } ?? all
        } catch let error as LabError {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        let clock = Stopwatch()
        var options = try resources.options(scenarios: ScenarioCatalog.all.map(\.name), guestTimeout: MutantRun.defaultGuestTimeout)
        options.quiet = output.quiet
        options.debugInfo = debugInfo
        let report = try MutantRun(mutants: try selected(), options: options, progress: Progress(quiet: output.quiet), everyCell: everyCell,
                                   proveReproducers: proveReproducers, reproducers: { ReproducerRequests.attach($0, prove: false).0 }).run()
        print(KillTable.render(report.verdicts, baselineProblems: report.baselineProblems), terminator: "")
        print("wall time \(Progress.clock(clock.seconds))")
        try output.write(report.document)
        if !report.baselineProblems.isEmpty { throw ExitCode(2) }
        if !report.verdicts.allSatisfy(\.asExpected) { throw ExitCode(1) }
    }
}
