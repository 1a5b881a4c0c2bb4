import Testing
@testable import Reports
@testable import Results

@Suite struct KillTableTests {
    func cell(_ scenario: String, _ outcome: Outcome) -> Cell {
        Cell(variant: "legacy", topology: "noiommu", scenario: scenario, outcome: outcome)
    }

    @Test func theTableNamesKillersSurvivorsAndABaselineProblem() {
        let verdicts = [
            MutantVerdict(mutant: "01-a", defect: "", variant: "legacy", cells: [cell("group/taint", .fail)]),
            MutantVerdict(mutant: "02-b", defect: "", variant: "legacy", cells: [cell("group/viable", .pass)]),
        ]
        let text = KillTable.render(verdicts, baselineProblems: [])
        #expect(text.contains("fail 1: group/taint (noiommu)"))
        #expect(text.contains("SURVIVED"))
        #expect(text.contains("1 of 2 mutants killed"))
        let dirty = KillTable.render(verdicts, baselineProblems: [cell("group/viable", .crash)])
        #expect(dirty.hasPrefix("UNMODIFIED KERNEL NOT CLEAN"))
    }
}
