import ArgumentParser
import Glibc
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
            var bytes = Array(("nothing was tested (exit \(status)):\n" + document.untestedReasons.map { "  \($0)\n" }.joined()).utf8)
            _ = write(2, &bytes, bytes.count)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
