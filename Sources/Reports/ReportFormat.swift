import FoundationEssentials
import Results

/// Every output the CLI's `--format` offers, each from the same document.
public enum ReportFormat: String, CaseIterable, Sendable {
    case table, json, junit, ktap, markdown, mail, kcidb, html

    /// `color` only affects `table`; every other format is for files or mail.
    public func render(_ document: ResultsDocument, color: Bool = false) -> String {
        switch self {
        case .table: TerminalTable.render(document, color: color)
        case .json: Self.json(document)
        case .junit: JUnitReport.render(document)
        case .ktap: KTAPReport.render(document)
        case .markdown: MarkdownReport.render(document)
        case .mail: MailReport.render(document)
        case .kcidb: KCIDBReport.render(document)
        case .html: HTMLReport.render(document)
        }
    }

    /// Encoding fails only on a NaN or infinite duration, which no decoded
    /// document can hold (JSON has no such numbers) and the engine never
    /// measures; treating it as a bug beats printing half a document.
    private static func json(_ document: ResultsDocument) -> String {
        do {
            return String(decoding: try document.encoded(), as: UTF8.self) + "\n"
        } catch {
            preconditionFailure("results document cannot be encoded as JSON: \(error)")
        }
    }
}
