import Foundation
import Testing
@testable import Results

/// Schema 2 keys cells on the kernel; schema 1 documents are still read.
@Suite struct SchemaMigrationTests {
    static let version1 = """
        {"schema": 1, "run": {"patches": [], "variants": [{"name": "no-container", "description": "x",
          "requested": [], "dropped": ["CONFIG_VFIO_NOIOMMU: requested y, got n"], "configDifference": []}],
          "topologies": ["noiommu"], "tool": "vfio-conformance", "source": "linux-source-6.12 6.12.117-1"},
         "cells": [{"schema": 1, "variant": "legacy", "topology": "noiommu", "scenario": "a", "outcome": "pass",
                    "evidence": {"steps": [], "kernelReports": [], "invariants": []}, "duration": 1,
                    "kernel": "6.12.117-vfio-conformance"}]}
        """

    @Test func aVersion1DocumentReadsWithTheKernelItRanOn() throws {
        let document = try ResultsDocument.decode(Data(Self.version1.utf8), from: "old.json")
        #expect(document.schema == ResultsSchema.version)
        #expect(document.cells[0].kernel == "6.12.117")
        #expect(document.cells[0].key == CellKey(kernel: "6.12.117", variant: "legacy", topology: .noiommu, scenario: "a"))
        #expect(document.run.variants[0].effectiveState == .dropped)
        #expect(document.run.kernels.isEmpty)
    }

    @Test func negativeOrZeroSchemasAreRefused() {
        let text = Self.version1.replacingOccurrences(of: "{\"schema\": 1, \"run\"", with: "{\"schema\": -1, \"run\"")
        #expect(throws: ResultsError.badSchema(file: "bad.json", found: -1)) {
            try ResultsDocument.decode(Data(text.utf8), from: "bad.json")
        }
    }

    @Test func duplicateCellsAreRefused() throws {
        let cell = Cell(variant: "legacy", topology: .noiommu, scenario: "a", outcome: .pass, kernel: "6.1.192")
        let data = try ResultsDocument(cells: [cell, cell]).encoded()
        #expect(throws: ResultsError.duplicateCell(file: "dup.json", key: "6.1.192/legacy/noiommu/a")) {
            try ResultsDocument.decode(data, from: "dup.json")
        }
    }

    @Test func theSameScenarioOnTwoKernelsIsTwoCells() throws {
        let cells = ["6.1.192", "6.12.117"].map { Cell(variant: "legacy", topology: .noiommu, scenario: "a", outcome: .pass, kernel: $0) }
        let document = try ResultsDocument.decode(ResultsDocument(cells: cells).encoded(), from: "two.json")
        #expect(document.cells.count == 2)
        #expect(ResultsDocument.merged([document, document]).cells.count == 2)
    }

    @Test func nothingPassedExitsWithTheSkipCode() {
        let skipped = Cell(variant: "cdev-only", topology: .noiommu, scenario: "a", outcome: .skip,
                           evidence: Evidence(reason: "variant not available on this kernel: no iommufd"), kernel: "6.1.192")
        let document = ResultsDocument(cells: [skipped])
        #expect(document.exitStatus == ExitStatus.nothingTested)
        #expect(document.untestedReasons == ["1 cells: variant not available on this kernel: no iommufd"])
        #expect(ResultsDocument(cells: []).exitStatus == ExitStatus.nothingTested)
        var passed = skipped
        passed.outcome = .pass
        #expect(ResultsDocument(cells: [skipped, passed]).exitStatus == 0)
    }

    @Test func mergeKeepsEverySource() {
        let a = ResultsDocument(run: RunInfo(source: "linux-source-6.12 1"), cells: [])
        let b = ResultsDocument(run: RunInfo(source: "linux-source-6.1 2"), cells: [])
        #expect(ResultsDocument.merged([a, b, a]).run.source == "linux-source-6.12 1; linux-source-6.1 2")
    }
}
