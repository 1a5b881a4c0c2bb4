import ArgumentParser
import FoundationEssentials
import Glibc
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

    /// Writes the report and the results file, then exits with the matrix's status.
    func finish(_ document: ResultsDocument) throws {
        if let results {
            let data = try document.encoded()
            guard FileManager.default.createFile(atPath: results, contents: data) else {
                throw ValidationError("--results \(results): cannot write the file")
            }
        }
        print(format.render(document, color: format == .table && isatty(1) == 1), terminator: "")
        let status = document.exitStatus
        if status != 0 { throw ExitCode(status) }
    }
}

extension ReportFormat: ExpressibleByArgument {}
