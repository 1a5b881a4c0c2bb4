import ArgumentParser
import Reports

/// Compares a run against a baseline, or a --each-patch run's patches with
/// each other; exits 1 on any regression or new crash, so CI can gate on it.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare results with a baseline, or each patch of a --each-patch run with the tree before it: regressions, fixes, new crashes, behaviour changes, cells added or removed.")

    @Argument(help: ArgumentHelp("BASELINE NEW: the new results against the baseline (each patch step of NEW on its own). SERIES alone: a --each-patch document, each patch against the step before it.",
                                 valueName: "file"))
    var files: [String]

    func validate() throws {
        guard (1...2).contains(files.count) else {
            throw ValidationError("diff takes BASELINE NEW, or one --each-patch document; got \(files.count) files")
        }
    }

    func run() throws {
        let diff: SeriesDiff
        if files.count == 2 {
            diff = SeriesDiff(base: try ResultsFile.read(files[0]), new: try ResultsFile.read(files[1]))
        } else {
            guard let series = SeriesDiff(series: try ResultsFile.read(files[0])) else {
                throw ValidationError("\(files[0]): one patch step only, so nothing to compare it with: give a baseline first (diff BASELINE \(files[0])), or run with --each-patch")
            }
            diff = series
        }
        print(diff.render(), terminator: "")
        if diff.exitStatus != 0 { throw ExitCode(diff.exitStatus) }
    }
}
