import Foundation
import Testing
import Results
import Reports

/// Opens the report in a real headless browser: the page must load offline,
/// run its script without breaking the matrix, and paint something.
@Suite(.enabled(if: Chromium.path != nil, "chromium is not on PATH (apt-get install chromium)"))
final class HTMLBrowserTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reports-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs chromium on one page and returns what it printed on stdout.
    private func chromium(_ page: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Chromium.path))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1200,900",
                             "--user-data-dir=\(directory.appendingPathComponent("profile").path)"]
            + arguments + [page.absoluteString]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }

    private func write(_ html: String, to name: String) throws -> URL {
        let page = directory.appendingPathComponent(name)
        try html.write(to: page, atomically: true, encoding: .utf8)
        return page
    }

    @Test func everyCellSurvivesTheScripts() throws {
        let page = try write(HTMLReport.render(SampleResults.document), to: "report.html")
        let dom = try chromium(page, ["--dump-dom"])
        #expect(dom.ranges(of: #"<td class="cell" data-outcome=""#).count == SampleResults.cells.count)
        #expect(dom.contains("linux-source-6.12"))
    }

    @Test func paintsMoreThanABlankPage() throws {
        let report = try write(HTMLReport.render(SampleResults.document), to: "report.html")
        let blank = try write("<!DOCTYPE html><html><body></body></html>", to: "blank.html")
        func screenshot(_ page: URL, _ name: String) throws -> Int {
            let png = directory.appendingPathComponent(name)
            _ = try chromium(page, ["--screenshot=\(png.path)"])
            let data = try Data(contentsOf: png)
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            return data.count
        }
        let blankSize = try screenshot(blank, "blank.png")
        let reportSize = try screenshot(report, "report.png")
        #expect(reportSize > 4 * blankSize, "report \(reportSize) bytes, blank \(blankSize) bytes")
    }
}
