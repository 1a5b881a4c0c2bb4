import Host
import Results

/// The --stream target: one JSON line per cell as each cell finishes. Every
/// byte of the line goes out or the write fails saying so: a line lost or
/// torn on the results port makes the host rerun or misattribute a cell.
public final class CellSink {
    /// A cell that did not reach the stream, and why.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let file: StreamFile

    public init(path: String) throws(Failure) {
        do { file = try StreamFile(path: path) } catch { throw Failure(description: "--stream: \(error)") }
    }

    public func write(_ cell: Cell) throws(Failure) {
        let name = "\(cell.variant)/\(cell.topology)/\(cell.scenario)"
        let line: String
        do { line = try CellStream.line(for: cell) } catch {
            throw Failure(description: "--stream \(file.path): cell \(name) could not be encoded, so it is not in the stream: \(error)")
        }
        do { try file.write(Array(line.utf8)) } catch {
            throw Failure(description: "--stream: cell \(name) did not reach the stream: \(error)")
        }
    }
}
