import Testing
import Results
import Reports

@Suite struct TerminalTableTests {
    @Test func plainWithoutColourEvenWhenEvidenceHasEscapes() {
        let table = TerminalTable.render(SampleResults.document, color: false)
        #expect(!table.contains("\u{1B}"))
        #expect(table.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(table.contains("^[[1mbinary"))
    }

    @Test func colouredWhenAsked() {
        #expect(TerminalTable.render(SampleResults.document, color: true).contains("\u{1B}["))
    }

    @Test func rowsPerScenarioColumnsPerPairWithLegend() {
        let lines = TerminalTable.render(SampleResults.document, color: false).split(separator: "\n").map(String.init)
        let header = lines.first { $0.hasPrefix("scenario") }
        #expect(header?.split(separator: " ") == ["scenario", "A", "B", "C", "D", "E", "F"])
        let toggle = lines.first { $0.hasPrefix(SampleResults.toggle) }
        #expect(toggle?.split(separator: " ") == [SampleResults.toggle[...], "CRASH", "HANG", "CRASH", "HANG", "-", "-"])
        #expect(lines.contains("  A      6.12.117/legacy/noiommu"))
        #expect(lines.contains("  E      6.12.117/no-container/noiommu"))
    }

    @Test func oneLinePerProblemAndTheCounts() {
        let table = TerminalTable.render(SampleResults.document, color: false)
        for cell in SampleResults.problems {
            #expect(table.contains("\(cell.key): \(cell.outcome.rawValue.uppercased()): "))
        }
        #expect(table.contains("20 cells: 10 pass, 4 skip, 1 fail, 2 hang, 2 crash, 1 error"))
        #expect(table.contains("no-container: dropped by Kconfig: CONFIG_VFIO_NOIOMMU: requested y, got n"))
        #expect(table.contains("noiommu/group/open-close: set container: ok vs EINVAL"))
    }
}
