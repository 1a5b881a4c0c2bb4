import Testing
import Results
@testable import Reports

/// The trailer is offered exactly when kselftest would exit 0.
@Suite struct MailVerdictTests {
    static func document(_ outcomes: Outcome...) -> ResultsDocument {
        ResultsDocument(cells: outcomes.enumerated().map { index, outcome in
            SampleResults.cell("legacy", .noiommu, "group/case-\(index)", outcome)
        })
    }

    @Test func passesEarnIt() {
        #expect(MailVerdict(Self.document(.pass, .pass, .skip)) == .tested)
    }

    @Test func aFailureOrAnErrorDoesNot() {
        let failed = Self.document(.pass, .fail, .skip)
        #expect(MailVerdict(failed) == .problems([failed.cells[1]]))
        let errored = Self.document(.pass, .error)
        #expect(MailVerdict(errored) == .problems([errored.cells[1]]))
    }

    @Test func allSkippedTestedNothing() {
        #expect(MailVerdict(Self.document(.skip, .skip)) == .nothingTested)
        #expect(MailVerdict(ResultsDocument(cells: [])) == .nothingTested)
    }
}
