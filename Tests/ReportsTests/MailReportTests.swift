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

    @Test func listsDivergences() {
        #expect(mail.contains("Divergences (legacy vs iommufd-compat):"))
        #expect(mail.contains("    set container: ok vs EINVAL"))
    }
}
