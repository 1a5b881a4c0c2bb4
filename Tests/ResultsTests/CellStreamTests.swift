import Foundation
import Testing
@testable import Results

@Suite struct CellStreamTests {
    let cell = Cell(variant: "legacy", topology: .noiommu, scenario: "group/open-close",
                    outcome: .fail,
                    evidence: Evidence(step: "open group", expected: "ok", observed: "EPERM"),
                    duration: 0.25, kernel: "6.12.117")

    @Test func roundTripsOneCellALine() throws {
        let text = try CellStream.line(for: cell) + CellStream.line(for: cell)
        #expect(text.split(separator: "\n").count == 2)
        #expect(try CellStream.cells(in: text, file: "t.jsonl") == [cell, cell])
    }

    @Test func dropsATornLastLine() throws {
        let line = try CellStream.line(for: cell)
        let torn = line + String(line.prefix(20))
        #expect(try CellStream.cells(in: torn, file: "t.jsonl") == [cell])
    }

    /// A dead guest's stream: cells, then the calls of the cell in flight,
    /// a call noted before it blocked and again once it answered; it found
    /// the stack the cell before it loaded, so that cell's calls come first.
    @Test func theCallsOfTheCellInFlightAreThoseAfterTheLastCell() throws {
        let kept = "enable_unsafe_noiommu_mode=1"
        func call(_ scenario: String, _ index: Int, _ answer: Int?, stack: String? = kept) throws -> String {
            try CellStream.line(for: CallLine(cell: scenario, call: index, record: KernelCallRecord(.access(path: "/sys/\(index)"), answer: answer),
                                              device: "0000:00:03.0", thread: 7, stack: stack))
        }
        let skipped = Cell(variant: "legacy", topology: .noiommu, scenario: "cdev/skipped", outcome: .skip, evidence: Evidence(), duration: 0, kernel: "6.12.117")
        let text = try call("modules/cycles", 0, 5, stack: nil) + CellStream.line(for: cell)
            + call("group/open-close", 0, 0, stack: nil) + call("group/open-close", 1, 1) + CellStream.line(for: cell) + CellStream.line(for: skipped)
            + call("cdev/open", 0, nil) + call("cdev/open", 1, -2) + call("cdev/open", 0, 3) + String(try call("cdev/open", 2, 0).prefix(30))
        #expect(try CellStream.cells(in: text, file: "t.jsonl") == [cell, cell, skipped])
        let log = try #require(CallLine.log(of: "cdev/open", in: text))
        #expect(log.records.map(\.answer) == [0, 1, 3, -2])
        #expect(log.thread == 7 && log.device == "0000:00:03.0" && log.stack == nil)
        #expect(CallLine.log(of: "group/open-close", in: text) == nil)
        // A stream that begins on a kept stack has no call that loaded it: the prelude loads it.
        let alone = try call("cdev/open", 0, 3) + call("cdev/open", 1, 0)
        #expect(CallLine.log(of: "cdev/open", in: alone)?.stack == kept)
    }

    @Test func namesTheBadLineInTheMiddle() throws {
        let line = try CellStream.line(for: cell)
        #expect(throws: ResultsError.self) {
            try CellStream.cells(in: line + "{nonsense\n" + line, file: "t.jsonl")
        }
    }

    @Test func refusesANewerSchema() throws {
        let data = try JSONEncoder().encode(ResultsDocument(cells: []))
        var text = String(decoding: data, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"schema\":\(ResultsSchema.version)",
                                         with: "\"schema\":\(ResultsSchema.version + 1)")
        #expect(throws: ResultsError.newerSchema(file: "r.json", found: ResultsSchema.version + 1)) {
            try ResultsDocument.decode(Data(text.utf8), from: "r.json")
        }
    }

    @Test func exitStatusFollowsTheWorstOutcome() {
        func status(_ outcomes: [Outcome]) -> Int32 {
            ResultsDocument(cells: outcomes.enumerated().map {
                Cell(variant: "v", topology: .noiommu, scenario: "s\($0.offset)", outcome: $0.element)
            }).exitStatus
        }
        #expect(status([.pass, .skip]) == 0)
        #expect(status([.pass, .fail]) == 1)
        #expect(status([.crash]) == 1)
        #expect(status([.hang, .error]) == 2)
    }
}

@Suite struct ScenarioPlanTests {
    let catalog = (0..<43).map { "s\($0)" }

    @Test func roundTripsAGappySelection() {
        let names: Set = ["s0", "s5", "s17", "s42"]
        let plan = ScenarioPlan(catalog: catalog, running: names)
        let decoded = ScenarioPlan(encoded: plan.encoded, catalog: catalog)
        #expect(decoded == plan)
        #expect(decoded?.names(in: catalog) == ["s0", "s5", "s17", "s42"])
        #expect(plan.encoded.count == 8 + 1 + 11)
    }

    @Test func refusesGarbageShortPlansAndOtherCatalogs() {
        let plan = ScenarioPlan(catalog: catalog, running: ["s1"]).encoded
        #expect(ScenarioPlan(encoded: plan, catalog: catalog + ["new"]) == nil)
        #expect(ScenarioPlan(encoded: "zz", catalog: catalog) == nil)
        let fingerprint = ScenarioPlan.fingerprint(of: catalog)
        #expect(ScenarioPlan(encoded: fingerprint + "-f", catalog: catalog) == nil)
        #expect(ScenarioPlan(encoded: fingerprint + "-zzzzzzzzzzz", catalog: catalog) == nil)
    }

    @Test func theFirstOnesRunFirstAndTheRestKeepTheirOrder() {
        #expect(ScenarioPlan.order(["s0", "s1", "s2", "s3"], first: ["s2", "s9"]) == ["s2", "s0", "s1", "s3"])
        #expect(ScenarioPlan.order(["s0", "s1"], first: []) == ["s0", "s1"])
    }
}

@Suite struct MergeTests {
    @Test func laterDocumentsWinPerCell() {
        let first = ResultsDocument(run: RunInfo(variants: [VariantInfo(name: "legacy", description: "")]), cells: [
            Cell(variant: "legacy", topology: .noiommu, scenario: "a", outcome: .hang),
            Cell(variant: "legacy", topology: .noiommu, scenario: "b", outcome: .pass),
        ])
        let second = ResultsDocument(run: RunInfo(variants: [VariantInfo(name: "iommufd-compat", description: "")]), cells: [
            Cell(variant: "legacy", topology: .noiommu, scenario: "a", outcome: .pass),
            Cell(variant: "iommufd-compat", topology: .noiommu, scenario: "a", outcome: .fail),
        ])
        let merged = ResultsDocument.merged([first, second])
        #expect(merged.cells.count == 3)
        #expect(merged.cells.first { $0.key == CellKey(variant: "legacy", topology: .noiommu, scenario: "a") }?.outcome == .pass)
        #expect(merged.run.variants.map(\.name) == ["legacy", "iommufd-compat"])
    }
}

@Suite struct CellStreamLineEndTests {
    @Test func readsCRLFStreams() throws {
        let cell = Cell(variant: "v", topology: .noiommu, scenario: "s", outcome: .pass)
        let line = try CellStream.line(for: cell).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try CellStream.cells(in: line + line, file: "t.jsonl").count == 2)
    }
}
