import ArgumentParser
import FoundationEssentials
import Reports
import Results

/// Where results go and in which form.
struct OutputOptions: ParsableArguments {
    @OptionGroup var formatOption: FormatOption

    @Option(help: ArgumentHelp("Also write the results document (JSON) to this file.", valueName: "file"))
    var results: String?

    @Flag(help: "No progress output; only the report.")
    var quiet = false

    @Flag(help: "Let --results overwrite a file that is not a results document of this tool.")
    var force = false

    func validate() throws {
        if let results { try ResultsTarget.check(results, option: "--results", force: force) }
    }

    /// Writes the results file and the report, then exits with the matrix's status.
    func finish(_ document: ResultsDocument) throws {
        if let results { try ResultsTarget.write(try document.encoded(), to: results, option: "--results") }
        try formatOption.finish(document)
    }
}

extension ReportFormat: ExpressibleByArgument {}
