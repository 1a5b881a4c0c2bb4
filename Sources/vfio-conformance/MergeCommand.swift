import ArgumentParser
import Reports
import Results

/// Joins result files from shards or resumed runs into one matrix.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Merge result files (shards, resumed runs) into one document; later files win per cell.")

    @Argument(help: "Result documents or cell journals, in order.") var files: [String]
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("merge needs at least one results file") }
    }

    func run() throws {
        try output.finish(ResultsDocument.merged(try files.map(ResultsFile.read)))
    }
}
