import FoundationEssentials

/// Cells as JSON Lines: one compact cell a line, written as each cell ends so
/// that a guest crash loses nothing already finished.
public enum CellStream {
    public static func line(for cell: Cell) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(cell), as: UTF8.self) + "\n"
    }

    /// A call of the cell in flight (`CallLine`); sorted keys put "call" first.
    public static func line(for call: CallLine) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(call), as: UTF8.self) + "\n"
    }

    /// How a call line starts, and no cell line does.
    static let callPrefix = "{\"call\":"

    /// Parses a stream. A torn last line (the guest died mid-write) is
    /// dropped; a bad line elsewhere is an error naming the line.
    public static func cells(in text: String, file: String) throws(ResultsError) -> [Cell] {
        // isNewline, not "\n": a tty that adds "\r" makes "\r\n", a single Character.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var cells: [Cell] = []
        let decoder = JSONDecoder()
        for (index, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) && !line.hasPrefix(callPrefix) {
            do {
                let cell = try decoder.decode(Cell.self, from: Data(line.utf8))
                guard cell.schema <= ResultsSchema.version else {
                    throw ResultsError.newerSchema(file: file, found: cell.schema)
                }
                guard cell.schema >= 1 else { throw ResultsError.badSchema(file: file, found: cell.schema) }
                var migrated = cell
                migrated.migrate()
                cells.append(migrated)
            } catch let error as ResultsError {
                throw error
            } catch {
                if index == lines.count - 1 { break }
                throw ResultsError.badLine(file: file, line: index + 1, reason: "\(error)")
            }
        }
        return cells
    }
}
