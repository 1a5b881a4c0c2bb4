import Foundation
import Lab
import Results
import Testing
@testable import vfio_conformance

/// `--repro DIR` is checked before any work, makes the lab keep every
/// cell's calls, and `explain` prints a cell's reproducer.
@Suite struct ReproOptionTests {
    @Test func aReproDirectoryThatHoldsFilesIsRefusedBeforeAnyWork() throws {
        let directory = NSTemporaryDirectory() + "repro-option-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: directory + "/kept", contents: nil))
        #expect(throws: (any Error).self) { try VFIOConformance.parseAsRoot(["--matrix", "--vm", "--repro", directory]) }
        #expect(throws: (any Error).self) { try VFIOConformance.parseAsRoot(["--matrix", "--vm", "--repro", directory + "/kept"]) }
        let matrix = try #require(try VFIOConformance.parseAsRoot(["--matrix", "--vm", "--repro", directory + "/new"]) as? MatrixCommand)
        #expect(try matrix.lab.options(scenarios: [], output: matrix.output, race: matrix.race).keepCalls)
        let plain = try #require(try VFIOConformance.parseAsRoot(["--matrix", "--vm"]) as? MatrixCommand)
        #expect(try !plain.lab.options(scenarios: [], output: plain.output, race: plain.race).keepCalls)
    }

    @Test func explainPrintsACellsReproducer() throws {
        var evidence = Evidence(step: "read", expected: "ok", observed: "ENOENT", steps: [StepRecord(name: "read", observed: "ENOENT")])
        evidence.reproducer = Reproducer(program: "int main(void) { return 1; }\n", prelude: "#!/bin/sh\n", calls: 1, proof: "proven: here")
        let cell = Cell(variant: "legacy", topology: .noiommu, scenario: "group/open-twice", outcome: .fail, evidence: evidence, kernel: "7.3.4")
        let text = ExplainCommand.observed(cell)
        #expect(text.contains("7.3.4/legacy/noiommu/group/open-twice: fail: read: expected ok, observed ENOENT"))
        #expect(text.contains("Reproducer (1 kernel calls; proven: here):") && text.contains("--- repro.c\nint main(void) { return 1; }"))
        #expect(ExplainCommand.observed(Cell(variant: "legacy", topology: .noiommu, scenario: "x", outcome: .pass)).contains("No reproducer"))
    }
}
