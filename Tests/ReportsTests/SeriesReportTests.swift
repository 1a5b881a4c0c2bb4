import Testing
import Results
@testable import Reports

/// A three-patch series where patch 2 breaks group/taint and nothing mends it.
@Suite struct SeriesReportTests {
    static let subjects = ["vfio: a comment", "vfio: drop the taint", "vfio/pci: a debug line"]

    static func step(_ index: Int) -> PatchStep {
        index == 0 ? .base : PatchStep(index: index, subject: subjects[index - 1])
    }

    static func cell(_ scenario: String, _ outcome: Outcome, at index: Int, taint: String = "64") -> Cell {
        var cell = SampleResults.cell("legacy", .noiommu, scenario, outcome,
                                      Evidence(steps: [StepRecord(name: "taint after bind", observed: taint, seconds: 0.01)]))
        cell.patch = step(index)
        return cell
    }

    static let series = ResultsDocument(
        run: RunInfo(source: "linux", patches: ["s#1", "s#2", "s#3"], steps: (0...3).map(step)),
        cells: (0...3).flatMap { index in
            [cell("group/taint", index >= 2 ? .fail : .pass, at: index, taint: index >= 2 ? "0" : "64"),
             cell("group/open-twice", .pass, at: index)]
        })

    @Test func eachPatchIsComparedWithTheTreeBeforeIt() throws {
        let diff = try #require(SeriesDiff(series: Self.series))
        #expect(diff.comparisons.map(\.title) == [
            "patch 1/3: vfio: a comment, against base",
            "patch 2/3: vfio: drop the taint, against patch 1/3: vfio: a comment",
            "patch 3/3: vfio/pci: a debug line, against patch 2/3: vfio: drop the taint",
        ])
        #expect(diff.comparisons.map(\.diff.regressions.count) == [0, 1, 0])
        // The behaviour change is listed at the patch that made it, once.
        #expect(diff.comparisons.map { $0.diff.behaviourChanges.map(\.line) } == [
            [], ["6.12.117/legacy/noiommu/group/taint: taint after bind: 64 -> 0"], [],
        ])
        #expect(diff.exitStatus == 1)
        #expect(diff.render().hasSuffix("regressed at: patch 2/3: vfio: drop the taint, against patch 1/3: vfio: a comment\n"))
    }

    @Test func aDocumentOfOneStepHasNothingToCompareItWith() {
        #expect(SeriesDiff(series: ResultsDocument(cells: [Self.cell("group/taint", .pass, at: 3)])) == nil)
    }

    /// A run without --each-patch against a baseline reads as it always did.
    @Test func twoDocumentsOfOneStepEachAreAPlainDiff() {
        let base = ResultsDocument(cells: [SampleResults.cell("legacy", .noiommu, "group/taint", .pass)])
        let new = ResultsDocument(cells: [Self.cell("group/taint", .fail, at: 3)])
        let diff = SeriesDiff(base: base, new: new)
        #expect(diff.comparisons.count == 1 && diff.comparisons[0].title == nil)
        #expect(diff.render() == ResultsDiff(base: base, new: new).render())
        #expect(diff.exitStatus == 1)
    }

    @Test func everyStepOfASeriesIsComparedWithAOneStepBaseline() {
        let base = ResultsDocument(cells: [SampleResults.cell("legacy", .noiommu, "group/taint", .pass)])
        let diff = SeriesDiff(base: base, new: Self.series)
        #expect(diff.comparisons.map(\.diff.regressions.count) == [0, 0, 1, 1])
        #expect(diff.comparisons[2].title == "patch 2/3: vfio: drop the taint, against the baseline")
    }

    @Test func theMatrixHasAColumnPerPatchAndNamesTheFirstFailingPatch() {
        let matrix = Matrix(Self.series)
        #expect(matrix.columns.map(\.name) == (0...3).map { "patch \($0)/6.12.117/legacy/noiommu" })
        #expect(matrix.firstFailures.map(\.line) == ["group/taint: first fails at patch 2/3: vfio: drop the taint (FAIL 6.12.117/legacy/noiommu)"])
        #expect(matrix.problems.map(matrix.name(of:)) == ["patch 2: 6.12.117/legacy/noiommu/group/taint", "patch 3: 6.12.117/legacy/noiommu/group/taint"])
    }

    @Test func aScenarioFailingOnTheBaseIsNotBlamedOnAPatch() {
        let document = ResultsDocument(cells: (0...1).map { Self.cell("group/taint", .fail, at: $0) })
        #expect(Matrix(document).firstFailures.map(\.line) == ["group/taint: fails on the base tree already (FAIL 6.12.117/legacy/noiommu)"])
    }

    @Test func everyReportShowsTheFirstFailingPatch() {
        let mail = MailReport.render(Self.series, testedBy: nil)
        #expect(mail.contains("Patches, tested one at a time on the base tree:\n  1. vfio: a comment\n"))
        #expect(mail.contains("First failing patch:\n  group/taint: first fails at patch 2/3: vfio: drop the taint (FAIL\n"))
        #expect(mail.contains("FAIL patch 2: 6.12.117/legacy/noiommu/group/taint"))
        #expect(!mail.split(separator: "\n").contains { $0.hasPrefix("Tested-by:") })
        #expect(mail.split(separator: "\n").allSatisfy { $0.count <= 72 })
        for text in [TerminalTable.render(Self.series, color: false), MarkdownReport.render(Self.series), mail] {
            #expect(text.contains("Behaviour changes per patch"))
            #expect(text.contains("taint after bind: 64 -"))
        }
        for text in [TerminalTable.render(Self.series, color: false), MarkdownReport.render(Self.series), HTMLReport.render(Self.series)] {
            #expect(text.contains("First failing patch"))
            #expect(text.contains("first fails at patch 2/3: vfio: drop the taint"))
        }
    }

    /// Each step is its own checkout (base plus that many patches) with its own builds.
    @Test func kcidbHasACheckoutAndBuildPerStep() {
        let submission = KCIDBReport.submission(for: Self.series)
        #expect(submission.checkouts.count == 4)
        #expect(submission.builds.count == 4)
        #expect(Set(submission.tests.map(\.id)).count == 8)
        #expect(submission.checkouts.map { $0.misc?.patches ?? [] } == [[], ["s#1"], ["s#1", "s#2"], ["s#1", "s#2", "s#3"]])
    }

    /// A race's counts and the answers it happened to see differ every run:
    /// neither a diff nor the variants' comparison reports them.
    @Test func observationsThatVaryByNatureAreNeverCompared() {
        func cell(_ variant: VariantName, _ tally: String, at index: Int) -> Cell {
            var cell = SampleResults.cell(variant, .noiommu, "race/open-group-twice", .pass, Evidence(steps: [
                StepRecord(name: "cpus online", observed: "1"),
                StepRecord(name: "answers to open group", observed: tally, varies: true),
            ]))
            cell.patch = Self.step(index)
            return cell
        }
        let document = ResultsDocument(cells: [cell("legacy", "ok x10, EBUSY x10", at: 0), cell("legacy", "ok x7, EBUSY x7", at: 1),
                                               cell("iommufd-compat", "ok x3, EBUSY x3", at: 0), cell("iommufd-compat", "ok x3", at: 1)])
        #expect(SeriesDiff(series: document)?.comparisons.allSatisfy { $0.diff.behaviourChanges.isEmpty } == true)
        #expect(Divergences.find(in: document).allSatisfy { $0.differences.isEmpty })
    }
}
