import Host
import Results
import Synchronization

/// The --stream target: one JSON line per cell as each cell finishes. Every
/// byte of the line goes out or the write fails saying so: a line lost or
/// torn on the results port makes the host rerun or misattribute a cell.
/// In a lab guest the calls of the cell in flight go out too, each as it is
/// made, from whichever of the cell's threads makes it.
public final class CellSink: Sendable {
    /// A cell that did not reach the stream, and why.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    private let file: Mutex<StreamFile>
    private let path: String

    public init(path: String) throws(Failure) {
        do { file = Mutex(try StreamFile(path: path)) } catch { throw Failure(description: "--stream: \(error)") }
        self.path = path
    }

    public func write(_ cell: Cell) throws(Failure) {
        let name = "\(cell.variant)/\(cell.topology)/\(cell.scenario)"
        let line: String
        do { line = try CellStream.line(for: cell) } catch {
            throw Failure(description: "--stream \(path): cell \(name) could not be encoded, so it is not in the stream: \(error)")
        }
        do { try file.withLock { file throws(HostError) in try file.write(Array(line.utf8)) } } catch {
            throw Failure(description: "--stream: cell \(name) did not reach the stream: \(error)")
        }
    }

    /// A call the host reads only if the guest dies in its cell: one that
    /// cannot be written costs that reproducer, never the cell.
    public func write(call: CallLine) {
        guard let line = try? CellStream.line(for: call) else { return }
        try? file.withLock { file throws(HostError) in try file.write(Array(line.utf8)) }
    }
}
