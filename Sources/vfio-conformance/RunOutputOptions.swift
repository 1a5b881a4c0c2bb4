import ArgumentParser
import Results

/// What every verb that runs cells writes besides its report: the results
/// document, and progress unless told to be quiet.
struct RunOutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also write the results document (JSON) to this file.", valueName: "file"))
    var results: String?

    @Flag(help: "No progress output; only the report.")
    var quiet = false

    @Flag(help: "Let --results overwrite a file that is not a results document of this tool.")
    var force = false

    func validate() throws {
        if let results { try ResultsTarget.check(results, option: "--results", force: force) }
    }

    func write(_ document: ResultsDocument) throws {
        if let results { try ResultsTarget.write(try document.encoded(), to: results, option: "--results") }
    }
}
