import FoundationEssentials
import ArgumentParser
import Reports
import Results

/// Renders a results file again, in any format, or as one HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Render a results file: terminal table, KTAP, JUnit, Markdown, mail, KCIDB or HTML.")

    @Argument(help: "A results document (--results), a cell journal (.jsonl), or - for standard input.")
    var results: String

    @Option(help: ArgumentHelp("Write a self-contained HTML matrix to this file.", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("With --format mail, end the reply with this Tested-by: trailer when at least one cell passed and none went wrong (default: git's user.name and user.email).",
                               valueName: "name-and-address"))
    var testedBy: String?

    @OptionGroup var format: FormatOption

    func validate() throws {
        guard let testedBy else { return }
        guard format.format == .mail else { throw ValidationError("--tested-by goes with --format mail") }
        guard TestedBy(testedBy) != nil else {
            throw ValidationError("--tested-by '\(testedBy)': want one line `Name <addr@host>`, e.g. --tested-by \"Ada Lovelace <ada@example.org>\"")
        }
    }

    func run() throws {
        let document = try ResultsFile.read(results)
        if let html {
            let page = HTMLReport.render(document)
            guard FileManager.default.createFile(atPath: html, contents: Data(page.utf8)) else {
                throw ValidationError("--html \(html): cannot write the file")
            }
            return
        }
        let text = format.format == .mail
            ? MailReport.render(document, testedBy: testedBy.flatMap { TestedBy($0) } ?? GitIdentity.testedBy())
            : format.format.render(document, color: false)
        print(text, terminator: "")
    }
}
