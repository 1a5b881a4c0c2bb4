import Foundation
import FoundationXML
import Testing
import Results
import Reports

@Suite struct JUnitReportTests {
    let xml: XMLDocument
    let document = SampleResults.document

    init() throws {
        xml = try XMLDocument(xmlString: JUnitReport.render(SampleResults.document))
    }

    private func count(_ xpath: String) throws -> Int { try xml.nodes(forXPath: xpath).count }

    private func attribute(_ name: String, of node: XMLNode) -> Int? {
        (node as? XMLElement)?.attribute(forName: name)?.stringValue.flatMap { Int($0) }
    }

    @Test func elementCountsMatchTheDocument() throws {
        #expect(try count("//testsuite") == SampleResults.pairCount)
        #expect(try count("//testcase") == document.cells.count)
        #expect(try count("//testcase/failure") == document.count(.fail) + document.count(.crash) + document.count(.hang))
        #expect(try count("//testcase/error") == document.count(.error))
        #expect(try count("//testcase/skipped") == document.count(.skip))
        #expect(try count("//failure[@type='crash']") == document.count(.crash))
    }

    @Test func countAttributesMatchTheChildren() throws {
        let root = try #require(xml.rootElement())
        #expect(attribute("tests", of: root) == document.cells.count)
        #expect(attribute("errors", of: root) == document.count(.error))
        for suite in try xml.nodes(forXPath: "//testsuite") {
            #expect(attribute("tests", of: suite) == suite.children?.count)
            #expect(attribute("failures", of: suite) == (try suite.nodes(forXPath: "testcase/failure").count))
            #expect(attribute("errors", of: suite) == (try suite.nodes(forXPath: "testcase/error").count))
            #expect(attribute("skipped", of: suite) == (try suite.nodes(forXPath: "testcase/skipped").count))
        }
    }

    @Test func namesAndEscapedEvidenceSurviveParsing() throws {
        let testcase = try #require(try xml.nodes(forXPath: "//testsuite[@name='6.12.117/iommufd-compat/noiommu']/testcase[@name='container/set-iommu']").first as? XMLElement)
        #expect(testcase.attribute(forName: "classname")?.stringValue == "vfio-conformance.6.12.117.iommufd-compat.noiommu")
        #expect(testcase.attribute(forName: "time")?.stringValue == "0.250")
        let failure = try #require(testcase.elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue?.contains("<script>alert(\"x\") & ok</script>") == true)
        #expect(failure.stringValue?.contains("expected: EINVAL") == true)
    }
}
