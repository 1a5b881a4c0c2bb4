import FoundationEssentials
import Testing
import Results
import Reports

@Suite struct ReportFormatTests {
    @Test(arguments: ReportFormat.allCases)
    func everyFormatRendersTheSampleAsOneNewlineTerminatedText(format: ReportFormat) {
        let text = format.render(SampleResults.document)
        #expect(text.hasSuffix("\n"))
        #expect(text.contains("open-close"))
    }

    @Test func jsonIsTheResultsDocument() throws {
        let json = ReportFormat.json.render(SampleResults.document)
        #expect(try ResultsDocument.decode(Data(json.utf8), from: "t.json") == SampleResults.document)
    }

    @Test func colourReachesOnlyTheTable() {
        for format in ReportFormat.allCases where format != .table {
            #expect(format.render(SampleResults.document, color: true) == format.render(SampleResults.document))
        }
        #expect(ReportFormat.table.render(SampleResults.document, color: true) != ReportFormat.table.render(SampleResults.document))
    }

    @Test func markdownHasTheMatrixProblemsAndDivergences() {
        let markdown = MarkdownReport.render(SampleResults.document)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") }
        #expect(rows.count == 1 + 4)
        #expect(rows.allSatisfy { $0.split(separator: "|", omittingEmptySubsequences: false).count == 2 + 1 + SampleResults.pairCount })
        #expect(markdown.ranges(of: "<details>").count == SampleResults.problems.count)
        #expect(markdown.contains("### Divergences (legacy vs iommufd-compat)"))
        #expect(markdown.contains("💥 crash"))
        // Raw only inside the fenced evidence, where GitHub shows it as text.
        #expect(markdown.contains("observed &lt;script&gt;alert"))
        #expect(!markdown.split(separator: "\n").contains { $0.hasPrefix("<details>") && $0.contains("<script>") })
    }
}
