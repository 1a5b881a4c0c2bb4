import ArgumentParser
import FoundationEssentials
import Glibc
import Host
import Reports
import Results

/// Where results go and in which form.
struct OutputOptions: ParsableArguments {
    @OptionGroup var formatOption: FormatOption
    var format: ReportFormat { formatOption.format }

    @Option(help: ArgumentHelp("Also write the results document (JSON) to this file.", valueName: "file"))
    var results: String?

    @Flag(help: "No progress output; only the report.")
    var quiet = false

    @Flag(help: "Let --results overwrite a file that is not a results document of this tool.")
    var force = false

    func validate() throws {
        if let results { try ResultsTarget.check(results, option: "--results", force: force) }
    }

    /// Writes the report and the results file, then exits with the matrix's status.
    func finish(_ document: ResultsDocument) throws {
        if let results { try ResultsTarget.write(try document.encoded(), to: results, option: "--results") }
        print(format.render(document, color: format == .table && isatty(1) == 1), terminator: "")
        let status = document.exitStatus
        if status == ExitStatus.nothingTested {
            StandardError.write("nothing was tested (exit \(status)):\n" + document.untestedReasons.map { "  \($0)\n" }.joined())
        }
        if status != 0 { throw ExitCode(status) }
    }
}

extension ReportFormat: ExpressibleByArgument {}
