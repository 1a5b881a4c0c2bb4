import ArgumentParser
import Reports
import Results

/// Compares a run against a baseline, or a --each-patch run's patches with
/// each other; exits 1 on any regression or new crash, so CI can gate on it.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare results with a baseline, one kernel with another (--kernel 7.2.12:7.3.4), or each patch of a --each-patch run with the tree before it: regressions, fixes, new crashes, behaviour changes, cells added or removed.")

    @Argument(help: ArgumentHelp("The baseline results; alone, a --each-patch document whose patches are compared with the step before each.", valueName: "baseline"))
    var base: String

    @Argument(help: ArgumentHelp("The new results, each of its patch steps against the baseline.", valueName: "new"))
    var new: String?

    /// Kernels compared with each other, cell by cell, the kernel otherwise
    /// ignored: what 7.3 changed against 7.2. Repeatable; cells of other
    /// kernels are left out. With one results file, its kernels are
    /// compared with each other. Without it, a kernel is compared with the
    /// same release, or else with the baseline's only release of its line.
    @Option(name: .customLong("kernel"), help: ArgumentHelp(
        "Compare two kernels' cells with each other, e.g. 7.2.12:7.3.4 (repeatable; cells of other kernels are left out). With one results file, its own kernels are compared.",
        valueName: "base:new"))
    var kernelPairs: [KernelPair] = []

    func run() throws {
        let diff: SeriesDiff
        if !kernelPairs.isEmpty {
            let before = try ResultsFile.read(base), after = try new.map(ResultsFile.read) ?? before
            try Self.check(kernelPairs.map(\.base), in: before, file: base)
            try Self.check(kernelPairs.map(\.new), in: after, file: new ?? base)
            diff = SeriesDiff(base: before, new: after, pairing: .explicit(kernelPairs))
        } else if let new {
            diff = SeriesDiff(base: try ResultsFile.read(base), new: try ResultsFile.read(new))
        } else {
            guard let series = SeriesDiff(series: try ResultsFile.read(base)) else {
                throw ValidationError("\(base): one patch step only, so nothing to compare it with: give a baseline first (diff BASELINE \(base)), or run with --each-patch")
            }
            diff = series
        }
        print(diff.render(), terminator: "")
        if diff.exitStatus != 0 { throw ExitCode(diff.exitStatus) }
    }

    private static func check(_ releases: [String], in document: ResultsDocument, file: String) throws {
        let held = Set(document.cells.map(\.key.kernel))
        for release in releases where !held.contains(release) {
            throw ValidationError("--kernel: \(file) has no cells of kernel \(release) (it has \(held.sorted().joined(separator: ", ")))")
        }
    }
}
