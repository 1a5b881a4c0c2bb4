import ArgumentParser
import Reports

/// Compares a run against a baseline, or a --each-patch run's patches with
/// each other; exits 1 on any regression or new crash, so CI can gate on it.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare results with a baseline, or each patch of a --each-patch run with the tree before it: regressions, fixes, new crashes, behaviour changes, cells added or removed.")

    @Argument(help: ArgumentHelp("The baseline results; alone, a --each-patch document whose patches are compared with the step before each.", valueName: "baseline"))
    var base: String

    @Argument(help: ArgumentHelp("The new results, each of its patch steps against the baseline.", valueName: "new"))
    var new: String?

    func run() throws {
        let diff: SeriesDiff
        if let new {
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
}
