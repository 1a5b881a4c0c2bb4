import FoundationEssentials

/// A whole run: what it ran against and every cell, in matrix order.
/// This is the `--format json` document and the `--results FILE` file.
public struct ResultsDocument: Codable, Sendable, Equatable {
    public var schema: Int
    public var run: RunInfo
    public var cells: [Cell]

    public init(run: RunInfo = RunInfo(), cells: [Cell]) {
        self.schema = ResultsSchema.version
        self.run = run
        self.cells = cells.sorted { $0.key < $1.key }
    }

    /// The worst outcome decides the exit status: 0 all passed or skipped,
    /// 1 any fail, crash or hang, 2 any harness error.
    public var exitStatus: Int32 {
        if cells.contains(where: { $0.outcome == .error }) { return 2 }
        if cells.contains(where: { $0.outcome.isProblem }) { return 1 }
        return 0
    }

    public func count(_ outcome: Outcome) -> Int { cells.filter { $0.outcome == outcome }.count }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data, from file: String) throws(ResultsError) -> ResultsDocument {
        let document: ResultsDocument
        do {
            document = try JSONDecoder().decode(ResultsDocument.self, from: data)
        } catch {
            throw ResultsError.unreadable(file: file, reason: "\(error)")
        }
        guard document.schema <= ResultsSchema.version else {
            throw ResultsError.newerSchema(file: file, found: document.schema)
        }
        return document
    }
}
