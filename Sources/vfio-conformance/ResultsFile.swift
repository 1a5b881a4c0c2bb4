import ArgumentParser
import FoundationEssentials
import Host
import Results
import SystemPackage

/// Reads a results document, or a cell journal (JSON Lines), by path.
enum ResultsFile {
    /// `-` reads standard input.
    static func read(_ path: String) throws -> ResultsDocument {
        let data = path == "-" ? standardInput() : FileManager.default.contents(atPath: path)
        guard let data else {
            throw ValidationError("\(path): cannot read the file")
        }
        if path.hasSuffix(".jsonl") {
            let text = String(decoding: data, as: UTF8.self)
            let cells = try CellStream.cells(in: text, file: path)
            // A torn last line is dropped, so garbage would read as an empty matrix.
            if cells.isEmpty && !text.allSatisfy(\.isWhitespace) { throw ResultsError.noCells(file: path) }
            try ResultsDocument.checkUnique(cells, file: path)
            return ResultsDocument(cells: cells)
        }
        return try ResultsDocument.decode(data, from: path)
    }

    private static func standardInput() -> Data? {
        (try? FileDescriptor.standardInput.readToEnd()).map { Data($0) }
    }
}
