import Testing
import Results
@testable import Reports

@Suite struct KTAPReportTests {
    let lines = KTAPReport.render(SampleResults.document).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)

    @Test func opensWithVersionAndPlanOverThePairs() {
        #expect(lines.prefix(2) == ["KTAP version 1", "1..\(SampleResults.pairCount)"])
    }

    /// Walks the output as a KTAP parser would: every nested block has its
    /// version and plan indented two spaces, as many numbered results as its
    /// plan says, and is closed by the parent's own numbered result.
    @Test func nestedBlocksMatchTheirPlans() throws {
        var index = 2
        var parents = 0
        var subtests: [String] = []
        while index < lines.count {
            #expect(lines[index] == "  KTAP version 1")
            let plan = try #require(lines[index + 1].wholeMatch(of: /[ ]{2}1\.\.(\d+)/))
            index += 2
            var number = 0
            while lines[index].hasPrefix("  ") {
                let line = lines[index]
                index += 1
                if line.hasPrefix("  # ") { continue }
                number += 1
                let result = try #require(line.wholeMatch(of: /[ ]{2}(ok|not ok) (\d+) ([^#]+?)( # .*)?/))
                #expect(Int(result.2) == number)
                subtests.append(line)
            }
            #expect(Int(plan.1) == number)
            while lines[index].hasPrefix("# ") { index += 1 }
            parents += 1
            let result = try #require(lines[index].wholeMatch(of: /(ok|not ok) (\d+) [^#]+( # SKIP .*)?/))
            #expect(Int(result.2) == parents)
            index += 1
        }
        #expect(parents == SampleResults.pairCount)
        #expect(subtests.count == SampleResults.cells.count)
        #expect(subtests.filter { $0.hasPrefix("  not ok ") }.count == SampleResults.problems.count)
        #expect(subtests.filter { $0.contains(" # SKIP ") }.count == SampleResults.document.count(.skip))
        #expect(subtests.filter { $0.contains(" # TIMEOUT ") }.count == SampleResults.document.count(.hang))
    }

    @Test func parentFailsWithAnyProblemAndSkipsWhenAllSkipped() {
        #expect(lines.contains("not ok 1 6.12.117/legacy/noiommu"))
        #expect(lines.contains("ok 5 6.12.117/no-container/noiommu # SKIP variant dropped by Kconfig"))
        #expect(lines.contains("not ok 6 6.12.117/cdev-only/viommu"))
    }

    @Test func failuresCarryEvidenceAsDiagnostics() {
        #expect(lines.contains("  # kernel oops: \(SampleResults.oops.headline)"))
        #expect(lines.contains("  #   RIP: vfio_device_put_registration+0x1c [vfio]"))
        #expect(lines.contains("  #     RIP: 0010:vfio_device_put_registration+0x1c/0x60 [vfio]"))
        #expect(!lines.joined().contains("\u{1B}"))
    }
}
