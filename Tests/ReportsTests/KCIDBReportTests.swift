import Foundation
import Testing
import Results
@testable import Reports

@Suite struct KCIDBReportTests {
    let submission = KCIDBReport.submission(for: SampleResults.document)

    @Test func oneCheckoutABuildPerKernelAndVariantATestPerCell() {
        #expect(submission.checkouts.count == 1)
        #expect(submission.builds.map(\.configName) == ["cdev-only", "iommufd-compat", "legacy", "no-container"])
        #expect(submission.tests.count == SampleResults.cells.count)
    }

    @Test func idsAreUniqueAndEveryLinkResolves() {
        let checkout = submission.checkouts[0]
        #expect(Set(submission.builds.map(\.id)).count == submission.builds.count)
        #expect(Set(submission.tests.map(\.id)).count == submission.tests.count)
        #expect(submission.builds.allSatisfy { $0.checkoutId == checkout.id })
        let builds = Set(submission.builds.map(\.id))
        #expect(submission.tests.allSatisfy { builds.contains($0.buildId) })
        let ids = [checkout.id] + submission.builds.map(\.id) + submission.tests.map(\.id)
        #expect(ids.allSatisfy { $0.hasPrefix("vfio_conformance:") })
    }

    @Test func idsDependOnTheDocumentOnly() {
        #expect(KCIDBReport.render(SampleResults.document) == KCIDBReport.render(SampleResults.document))
        var rerun = SampleResults.document
        rerun.cells[0].duration += 1
        let again = KCIDBReport.submission(for: rerun)
        #expect(again.checkouts[0].id == submission.checkouts[0].id)
        #expect(again.builds.map(\.id) == submission.builds.map(\.id))
        #expect(Set(again.tests.map(\.id)).isDisjoint(with: submission.tests.map(\.id)))
    }

    @Test func statusesFollowTheOutcomes() {
        let statuses: [Outcome: KCIDBDocument.Status] = [.pass: .pass, .skip: .skip, .fail: .fail, .crash: .fail, .hang: .fail, .error: .error]
        for (cell, test) in zip(SampleResults.document.cells, submission.tests) {
            #expect(test.status == statuses[cell.outcome], "\(cell.key)")
            #expect(test.misc.outcome == cell.outcome.rawValue)
        }
        #expect(Set(SampleResults.cells.map(\.outcome)) == Set(Outcome.allCases))
    }

    @Test func aDroppedVariantIsASkippedBuildThatSaysWhy() throws {
        let dropped = try #require(submission.builds.first { $0.configName == "no-container" })
        #expect(dropped.status == .skip)
        #expect(dropped.logExcerpt?.contains("CONFIG_VFIO_NOIOMMU: requested y, got n") == true)
        #expect(submission.builds.filter { $0.configName != "no-container" }.allSatisfy { $0.status == .pass && $0.logExcerpt == nil })
    }

    @Test func testsArePlacedByScenarioPathAndTopology() throws {
        let test = try #require(submission.tests.first { $0.id.hasSuffix("/6.12.117/legacy/viommu/group/open-close") })
        #expect(test.path == "vfio_conformance.group.open-close")
        #expect(test.environment.misc.topology == "viommu")
        #expect(KCIDBReport.path("odd name/with.dots") == "vfio_conformance.odd_name.with_dots")
    }

    @Test func excerptsCarryTheEvidenceWithinTheSchemasLimit() throws {
        let crash = try #require(submission.tests.first { $0.misc.outcome == "crash" })
        #expect(crash.logExcerpt.contains("kernel oops: general protection fault"))
        #expect(!crash.logExcerpt.contains("\u{1B}"))
        let long = KCIDBReport.excerpt(Array(repeating: String(repeating: "é", count: 100), count: 1000))
        #expect(long.unicodeScalars.count == KCIDBReport.excerptLimit)
        #expect(long.hasSuffix("[cut to 16384 characters]"))
    }

    /// The schema's property names, and no nulls, which it forbids.
    @Test func theJSONUsesTheSchemasNames() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(KCIDBReport.render(SampleResults.document).utf8)) as? [String: Any])
        #expect(Set(json.keys) == ["version", "checkouts", "builds", "tests"])
        #expect(json["version"] as? [String: Int] == ["major": 5, "minor": 3])
        let test = try #require((json["tests"] as? [[String: Any]])?.first)
        #expect(Set(test.keys) == ["id", "origin", "build_id", "path", "environment", "status", "duration", "log_excerpt", "misc"])
        let checkout = try #require((json["checkouts"] as? [[String: Any]])?.first)
        #expect(checkout["valid"] as? Bool == true)
        #expect(checkout["patchset_hash"] == nil)
        #expect(!KCIDBReport.render(SampleResults.document).contains(": null"))
    }
}

/// A failing cell's reproducer travels with its KCIDB test as two files.
@Suite struct KCIDBReproducerTests {
    @Test func base64IsRFC4648s() {
        #expect(["", "f", "fo", "foo", "foob", "fooba", "foobar"].map { DataURL.base64(Array($0.utf8)) }
                == ["", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"])
    }

    @Test func aCellsReproducerIsAnOutputFileOfItsTest() throws {
        var document = SampleResults.document
        let index = try #require(document.cells.firstIndex { $0.outcome == .fail })
        document.cells[index].evidence.reproducer = Reproducer(program: "int main(void) { return 1; }\n", prelude: "exec ./repro\n", calls: 3)
        let test = KCIDBReport.submission(for: document).tests[index]
        let files = try #require(test.outputFiles)
        #expect(files.map(\.name) == ["repro.c", "run.sh"])
        let encoded = try #require(files[0].url.split(separator: ",").last)
        #expect(files[0].url.hasPrefix("data:text/x-c;base64,"))
        #expect(Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) } == "int main(void) { return 1; }\n")
        #expect(KCIDBReport.submission(for: SampleResults.document).tests.allSatisfy { $0.outputFiles == nil })
    }
}
