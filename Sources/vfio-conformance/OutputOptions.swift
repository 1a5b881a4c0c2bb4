import ArgumentParser
import Reports
import Results

/// Where a matrix's results go and in which form.
struct OutputOptions: ParsableArguments {
    @OptionGroup var formatOption: FormatOption
    @OptionGroup var run: RunOutputOptions

    /// Writes the results file and the report, then exits with the matrix's status.
    func finish(_ document: ResultsDocument) throws {
        try run.write(document)
        try formatOption.finish(document)
    }
}

extension ReportFormat: ExpressibleByArgument {}
