import FoundationEssentials
import ArgumentParser
import Reports
import Results

/// Renders a results file again, in any format, or as one HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Render a results file: terminal table, KTAP, JUnit, Markdown, mail or HTML.")

    @Argument(help: "A results document (--results), a cell journal (.jsonl), or - for standard input.")
    var results: String

    @Option(help: ArgumentHelp("Write a self-contained HTML matrix to this file.", valueName: "file"))
    var html: String?

    @OptionGroup var format: FormatOption

    func run() throws {
        let document = try ResultsFile.read(results)
        if let html {
            let page = HTMLReport.render(document)
            guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8)) else {
                throw ValidationError("--html \(html): cannot write the file")
            }
            return
        }
        print(format.format.render(document, color: false), terminator: "")
    }
}
