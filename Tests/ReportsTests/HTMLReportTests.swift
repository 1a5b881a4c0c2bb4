import Testing
import Results
import Reports

@Suite struct HTMLReportTests {
    let html = HTMLReport.render(SampleResults.document)

    private func occurrences(of needle: String) -> Int {
        html.ranges(of: needle).count
    }

    @Test func oneCellElementPerCell() {
        #expect(occurrences(of: #"class="cell""#) == SampleResults.cells.count)
        for outcome in Outcome.allCases {
            #expect(occurrences(of: #"class="cell" data-outcome="\#(outcome.rawValue)""#) == SampleResults.document.count(outcome))
        }
    }

    @Test func selfContained() {
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("<link"))
        #expect(!html.contains(" src="))
    }

    @Test func evidenceIsEscapedAndComplete() {
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;) &amp; ok&lt;/script&gt;"))
        #expect(!html.contains("\u{1B}"))
        #expect(html.contains("RIP: 0010:vfio_device_put_registration+0x1c/0x60 [vfio]"))
        #expect(html.contains("<li>taint D</li>"))
        #expect(html.contains("<td>set container</td><td>EINVAL</td><td>22</td>"))
        #expect(html.contains("Oops: 0000 [#1]"))
    }

    @Test func describesEachVariant() {
        #expect(occurrences(of: "<section class=\"variant\"") == SampleResults.run.variants.count)
        #expect(html.contains("no-container: dropped by Kconfig"))
        #expect(html.contains("CONFIG_VFIO_NOIOMMU: requested y, got n"))
        #expect(html.contains("0001-vfio-noiommu-add-cdev-support.patch"))
        #expect(html.contains("Divergences (legacy vs iommufd-compat)"))
    }
}
