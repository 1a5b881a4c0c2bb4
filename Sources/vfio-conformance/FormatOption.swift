import ArgumentParser
import Reports

/// `--format`, one declaration for the root command and `report`: a second
/// option of that name on a subcommand loses to the root's when parsing.
struct FormatOption: ParsableArguments {
    @Option(help: "Report format on stdout: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .table
}
