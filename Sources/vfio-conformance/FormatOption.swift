import ArgumentParser
import Glibc
import Host
import Reports
import Results

/// `--format`, one declaration for the root command and `report`: a second
/// option of that name on a subcommand loses to the root's when parsing.
struct FormatOption: ParsableArguments {
    @Option(help: "Report format on stdout: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .table

    /// Prints the report, then exits with the matrix's status.
    func finish(_ document: ResultsDocument) throws {
        print(format.render(document, color: format == .table && isatty(1) == 1), terminator: "")
        let status = document.exitStatus
        if status == ExitStatus.nothingTested {
            StandardError.write("nothing was tested (exit \(status)):\n" + document.untestedReasons.map { "  \($0)\n" }.joined())
        }
        if status != 0 { throw ExitCode(status) }
    }
}
