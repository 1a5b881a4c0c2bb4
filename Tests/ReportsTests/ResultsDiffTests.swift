import Testing
import Results
@testable import Reports

@Suite struct ResultsDiffTests {
    static func key(_ scenario: String) -> CellKey { CellKey(kernel: "6.12.117", variant: "legacy", topology: .noiommu, scenario: scenario) }

    static func document(_ outcomes: [String: Outcome]) -> ResultsDocument {
        ResultsDocument(cells: outcomes.map { SampleResults.cell("legacy", .noiommu, $0.key, $0.value) })
    }

    let base = document(["a": .pass, "b": .fail, "c": .fail, "d": .pass, "e": .skip, "gone": .pass, "f": .crash])
    let new = document(["a": .fail, "b": .pass, "c": .crash, "d": .crash, "e": .pass, "new": .crash, "f": .crash])

    @Test func classifiesEveryChange() {
        let diff = ResultsDiff(base: base, new: new)
        #expect(diff.regressions == [
            OutcomeChange(key: Self.key("a"), before: .pass, after: .fail),
            OutcomeChange(key: Self.key("d"), before: .pass, after: .crash),
        ])
        #expect(diff.fixes == [OutcomeChange(key: Self.key("b"), before: .fail, after: .pass)])
        #expect(diff.newCrashes == [Self.key("c"), Self.key("d"), Self.key("new")])
        #expect(diff.changed == [
            OutcomeChange(key: Self.key("c"), before: .fail, after: .crash),
            OutcomeChange(key: Self.key("e"), before: .skip, after: .pass),
        ])
        #expect(diff.added == [Self.key("new")])
        #expect(diff.removed == [Self.key("gone")])
        #expect(diff.exitStatus == 1)
    }

    @Test func rendersRegressionsFirst() {
        let text = ResultsDiff(base: base, new: new).render()
        #expect(text.hasPrefix("Regressions (2):\n  6.12.117/legacy/noiommu/a: pass -> fail"))
        #expect(text.hasSuffix("regressions: 2, new crashes: 3, fixes: 1, other changes: 2, behaviour changes: 0, added: 1, removed: 1\n"))
        #expect(text.contains("Removed (1):\n  6.12.117/legacy/noiommu/gone\n"))
    }

    /// Both runs pass, yet the kernel answers differently: the diff says so
    /// per step, loops matched round by round, and the gate still passes.
    @Test func listsEveryStepWhoseObservationChanged() {
        func cell(_ steps: [(String, String)]) -> Cell {
            var cell = SampleResults.cell("legacy", .noiommu, "group/x", .pass)
            cell.evidence.steps = steps.map { StepRecord(name: $0.0, observed: $0.1) }
            return cell
        }
        let base = ResultsDocument(cells: [cell([("CHECK_EXTENSION NOIOMMU", "0"), ("bind", "ok"), ("bind", "EINVAL"), ("old", "ok")])])
        let new = ResultsDocument(cells: [cell([("CHECK_EXTENSION NOIOMMU", "1"), ("bind", "ok"), ("bind", "ok"), ("cdev node", "present")])])
        let diff = ResultsDiff(base: base, new: new)
        let key = Self.key("group/x")
        #expect(diff.behaviourChanges == [
            StepChange(key: key, step: "CHECK_EXTENSION NOIOMMU", before: "0", after: "1"),
            StepChange(key: key, step: "bind", round: 2, before: "EINVAL", after: "ok"),
            StepChange(key: key, step: "cdev node", before: nil, after: "present"),
            StepChange(key: key, step: "old", before: "ok", after: nil),
        ])
        #expect(diff.exitStatus == 0)
        let text = diff.render()
        #expect(text.contains("Behaviour changes (4):\n  6.12.117/legacy/noiommu/group/x: CHECK_EXTENSION NOIOMMU: 0 -> 1\n"))
        #expect(text.contains("group/x: bind (round 2): EINVAL -> ok"))
        #expect(text.contains("group/x: cdev node: did not run -> present"))
    }

    @Test func fixesAloneLetTheGatePass() {
        let diff = ResultsDiff(base: Self.document(["a": .fail, "b": .pass]), new: Self.document(["a": .pass, "b": .skip]))
        #expect(diff.exitStatus == 0)
        #expect(diff.regressions.isEmpty && diff.fixes.count == 1 && diff.changed.count == 1)
    }

    @Test func aFailureTurningIntoACrashFailsTheGate() {
        let diff = ResultsDiff(base: Self.document(["a": .fail]), new: Self.document(["a": .crash]))
        #expect(diff.regressions.isEmpty)
        #expect(diff.exitStatus == 1)
    }

    @Test func identicalResultsDiffToNothing() {
        let diff = ResultsDiff(base: SampleResults.document, new: SampleResults.document)
        #expect(diff.exitStatus == 0)
        #expect(diff.render() == "regressions: 0, new crashes: 0, fixes: 0, other changes: 0, behaviour changes: 0, added: 0, removed: 0\n")
    }
}

@Suite struct KernelDimensionTests {
    static func document(kernel: String, _ outcome: Outcome = .pass) -> ResultsDocument {
        ResultsDocument(cells: [Cell(variant: "legacy", topology: .noiommu, scenario: "a", outcome: outcome, kernel: kernel)])
    }

    @Test func anotherKernelsRunHasNoCellsInCommonAndFailsTheGate() {
        let diff = ResultsDiff(base: Self.document(kernel: "6.12.117"), new: Self.document(kernel: "6.1.192"))
        #expect(diff.common == 0)
        #expect(diff.exitStatus == ExitStatus.nothingTested)
        #expect(diff.render().contains("no cells in common: nothing was compared (baseline kernels: 6.12.117; new: 6.1.192)"))
    }

    @Test func theSameKernelComparesAndPasses() {
        let diff = ResultsDiff(base: Self.document(kernel: "6.1.192"), new: Self.document(kernel: "6.1.192"))
        #expect(diff.common == 1)
        #expect(diff.exitStatus == 0)
    }

    @Test func aLaterPointReleaseIsComparedWithItsLinesBaseline() {
        let diff = ResultsDiff(base: Self.document(kernel: "6.12.117"), new: Self.document(kernel: "6.12.118", .fail))
        #expect(diff.common == 1)
        #expect(diff.regressions.map(\.key.description) == ["6.12.118/legacy/noiommu/a"])
        #expect(diff.render().hasPrefix("kernels compared: 6.12.117 (baseline) with 6.12.118, cell by cell\n"))
        #expect(diff.exitStatus == 1)
    }

    @Test func anotherLineIsNeverPairedByItself() {
        let two = ResultsDocument(cells: Self.document(kernel: "6.12.117").cells + Self.document(kernel: "6.12.116").cells)
        #expect(ResultsDiff(base: two, new: Self.document(kernel: "6.12.118")).common == 0, "two releases of the line: which one is ambiguous")
        #expect(ResultsDiff(base: Self.document(kernel: "6.1.192"), new: Self.document(kernel: "6.12.118")).common == 0)
        #expect(KernelPairing.line(of: "7.3.0-rc7") == "7.3")
        #expect(KernelPairing.line(of: "next-20261201") == nil)
    }

    @Test func namedKernelsAreComparedCellByCellAndOthersLeftOut() {
        let run = ResultsDocument(cells: Self.document(kernel: "7.2.12").cells + Self.document(kernel: "7.3.4", .fail).cells
                                  + Self.document(kernel: "6.12.118").cells)
        let diff = ResultsDiff(base: run, new: run, pairing: .explicit([KernelPair(base: "7.2.12", new: "7.3.4")]))
        #expect(diff.common == 1)
        #expect(diff.regressions.map(\.key.description) == ["7.3.4/legacy/noiommu/a"])
        #expect(diff.added.isEmpty && diff.removed.isEmpty)
    }

    @Test func everyCellRemovedIsNotAPass() {
        let diff = ResultsDiff(base: Self.document(kernel: "6.1.192"), new: ResultsDocument(cells: []))
        #expect(diff.exitStatus == ExitStatus.nothingTested)
    }

    @Test func everyReportShowsTheKernel() {
        let document = ResultsDocument(cells: Self.document(kernel: "6.1.192").cells + Self.document(kernel: "6.12.117").cells)
        for format in ReportFormat.allCases where format != .json {
            #expect(format.render(document).contains("6.1.192"), "\(format)")
            #expect(format.render(document).contains("6.12.117"), "\(format)")
        }
        #expect(TerminalTable.render(document, color: false).contains("  A      6.1.192/legacy/noiommu"))
    }
}
