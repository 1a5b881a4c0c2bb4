import ArgumentParser
import Reports

/// Compares a run against a baseline; exits 1 on any regression or new crash, so CI can gate on it.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Compare results with a baseline: regressions, fixes, new crashes, cells added or removed.")

    @Argument(help: "The baseline results.") var base: String
    @Argument(help: "The new results.") var new: String

    func run() throws {
        let diff = ResultsDiff(base: try ResultsFile.read(base), new: try ResultsFile.read(new))
        print(diff.render(), terminator: "")
        if diff.exitStatus != 0 { throw ExitCode(diff.exitStatus) }
    }
}
