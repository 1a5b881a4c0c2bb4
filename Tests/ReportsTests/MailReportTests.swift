import Testing
import Results
import Reports

@Suite struct MailReportTests {
    let mail = MailReport.render(SampleResults.document)

    @Test func fitsSeventyTwoColumnsWithoutEscapes() {
        for line in mail.split(separator: "\n") {
            #expect(line.count <= 72, "\(line)")
        }
        #expect(!mail.contains("\u{1B}"))
    }

    @Test func namesEveryFailingCell() {
        for cell in SampleResults.problems {
            #expect(mail.contains("\(cell.outcome.rawValue.uppercased()) \(cell.key)"))
        }
        #expect(mail.contains("    oops: general protection fault"))
    }

    @Test func saysWhatRanAndWhatKconfigDropped() {
        #expect(mail.contains("Kernel source: linux-source-6.12 (6.12.117-1)"))
        #expect(mail.contains("  0002-iommufd-add-IOMMU_IOAS_GET_PA.patch"))
        #expect(mail.contains("      CONFIG_VFIO_NOIOMMU: requested y, got n"))
        #expect(mail.contains("20 cells: 10 pass, 4 skip, 1 fail, 2 hang, 2 crash, 1 error"))
    }

    @Test func failuresEndTheMailInsteadOfATrailer() {
        let signed = MailReport.render(SampleResults.document, testedBy: TestedBy("Ada Lovelace <ada@example.org>"))
        #expect(signed == mail)
        #expect(!mail.contains("Tested-by: Ada"))
        let ending = mail.split(separator: "\n", omittingEmptySubsequences: false).drop { $0 != "No Tested-by: 6 of 20 cells went wrong:" }
        // Both crashes' headlines wrap; the first crash's RIP, trace (its header
        // and one frame) and why it is not decoded; the second crash's same
        // report is not repeated.
        #expect(ending.count == 1 + 2 * SampleResults.problems.count + 2 + 4 + 1 + 1)
        #expect(ending.contains("    RIP: vfio_device_put_registration+0x1c [vfio]"))
        #expect(ending.contains("    (the same RIP and call trace as above)"))
        #expect(ending.contains { $0.hasPrefix("    set iommu: expected EINVAL, observed <script>") })
    }

    @Test func aCleanRunEndsInTheTrailerAfterABlankLine() {
        let lines = MailReport.render(MailVerdictTests.document(.pass, .skip), testedBy: TestedBy("Ada Lovelace <ada@example.org>"))
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.suffix(3) == ["", "Tested-by: Ada Lovelace <ada@example.org>", ""])
    }

    @Test func withoutANameTheMailSaysHowToAddOne() {
        let unsigned = MailReport.render(MailVerdictTests.document(.pass))
        #expect(!unsigned.contains("\nTested-by:"))
        #expect(unsigned.contains("--tested-by \"Name <email>\""))
        #expect(unsigned.split(separator: "\n").allSatisfy { $0.count <= 72 })
    }

    @Test func nothingTestedEarnsNoTrailer() {
        let skipped = MailReport.render(MailVerdictTests.document(.skip), testedBy: TestedBy("Ada Lovelace <ada@example.org>"))
        #expect(!skipped.contains("Tested-by: Ada"))
        #expect(skipped.hasSuffix("\nNo Tested-by: no cell passed, so nothing was tested.\n"))
    }

    @Test func listsDivergences() {
        #expect(mail.contains("Divergences (legacy vs iommufd-compat):"))
        #expect(mail.contains("    set container: ok vs EINVAL"))
    }
}
