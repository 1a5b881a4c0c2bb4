import Testing
@testable import Reports
@testable import Results

@Suite struct KillTableTests {
    func cell(_ scenario: String, _ outcome: Outcome) -> Cell {
        Cell(variant: "legacy", topology: .noiommu, scenario: scenario, outcome: outcome)
    }

    @Test func theTableNamesKillersSurvivorsAndABaselineProblem() {
        let verdicts = [
            MutantVerdict(mutant: "01-a", defect: "", variant: "legacy", cells: [cell("group/taint", .fail)]),
            MutantVerdict(mutant: "02-b", defect: "", variant: "legacy", cells: [cell("group/viable", .pass)]),
        ]
        let text = KillTable.render(verdicts, baselineProblems: [])
        #expect(text.contains("fail: group/taint (noiommu) first"))
        #expect(text.contains("SURVIVED"))
        #expect(text.contains("1 of 2 mutants killed"))
        let dirty = KillTable.render(verdicts, baselineProblems: [cell("group/viable", .crash)])
        #expect(dirty.hasPrefix("UNMODIFIED KERNEL NOT CLEAN"))
    }

    @Test func aKillIsAttributedToItsFirstKillerWithTheCountsAfter() {
        let verdict = MutantVerdict(mutant: "01-a", defect: "", variant: "legacy",
                                    cells: [cell("toggle/after-bind", .fail), cell("group/taint", .crash), cell("group/viable", .fail), cell("group/open", .pass)])
        #expect(KillTable.outcome(of: verdict) == "fail: toggle/after-bind (noiommu) first; 3 cells in all (crash 1, fail 2)")
    }

    @Test func aKillsProvenReproducerIsNamedAndCounted() {
        var killer = cell("group/taint", .fail)
        killer.evidence.reproducer = Reproducer(program: "", prelude: "", calls: 12, proof: "proven: exit 1 on 6.12.118/legacy; passes on 6.12.118/legacy")
        var unproven = cell("group/viable", .crash)
        unproven.evidence.reproducer = Reproducer(program: "", prelude: "", calls: 30, proof: "DOES NOT REPRODUCE on 6.12.118/legacy: exit 0")
        let text = KillTable.render([
            MutantVerdict(mutant: "01-a", defect: "", variant: "legacy", cells: [killer]),
            MutantVerdict(mutant: "02-b", defect: "", variant: "legacy", cells: [unproven]),
            MutantVerdict(mutant: "03-c", defect: "", variant: "legacy", cells: [cell("toggle/after-bind", .crash)]),
        ], baselineProblems: [])
        #expect(text.contains("reproducer (group/taint, 12 calls): proven: exit 1"))
        #expect(text.contains("reproducer (group/viable, 30 calls): DOES NOT REPRODUCE"))
        #expect(text.contains("reproducers: 1 of 3 killed pairs proven"))
        #expect(text.contains("; 1 without one"))
        #expect(text.contains("reproducer: none: the killing cells were recorded by the host after their guest died"))
    }

    @Test func aTierOnlyMutantSurvivesThePlainKernelAsExpectedAndIsKilledByTheTier() {
        let verdicts = [
            MutantVerdict(mutant: "19-uaf", defect: "", variant: "debug", cells: [cell("group/get-device-fd", .crash)]),
            MutantVerdict(mutant: "19-uaf", defect: "", variant: "legacy", cells: [cell("group/get-device-fd", .pass)], expectedToSurvive: true),
            MutantVerdict(mutant: "20-lock", defect: "", variant: "legacy", cells: [cell("group/get-device-fd", .hang)], expectedToSurvive: true),
            MutantVerdict(mutant: "21-race", defect: "", variant: "legacy", cells: [cell("race/open-group-twice", .error)], expectedToSurvive: true),
        ]
        #expect(verdicts.map(\.asExpected) == [true, true, false, false])
        let text = KillTable.render(verdicts, baselineProblems: [])
        #expect(text.contains("survived, as expected: only the checker tier sees it"))
        #expect(text.contains("KILLED, expected to survive: hang: group/get-device-fd (noiommu) first"))
        #expect(text.contains("NO CELL RAN"))
        #expect(text.contains("1 of 3 mutants killed; 2 of 4 mutant-variant pairs not as expected"))
        #expect(text.contains("1 of 3 pairs meant to survive"))
    }

    /// A mutants run's document: each mutant kernel's cells are a column of
    /// their own beside the unmodified kernel's, named as the kill table's runs.
    @Test func aMutantKernelsCellsAreColumnsOfTheirOwn() {
        var killed = cell("group/taint", .fail)
        killed.mutant = "01-a"
        let matrix = Matrix(ResultsDocument(cells: [cell("group/taint", .pass), killed]))
        #expect(matrix.columns.map(\.name) == ["01-a:legacy/noiommu", "legacy/noiommu"])
        #expect(matrix.columns.map { matrix.cell("group/taint", in: $0)?.outcome } == [.fail, .pass])
        #expect(matrix.problems.map(matrix.name(of:)) == ["01-a:legacy/noiommu/group/taint"])
    }
}
