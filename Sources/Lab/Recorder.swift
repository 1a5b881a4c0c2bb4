import Host
import Results
import Synchronization

/// Hands each finished cell to the caller and appends it to the journal,
/// from whichever guest thread finished it. The journal is what --resume
/// trusts, so a cell that cannot be written to it is said, not dropped; the
/// file is closed with the recorder.
final class Recorder: Sendable {
    private let journal: Mutex<StreamFile?>
    private let emit: @Sendable (Cell) -> Void
    private let progress: Progress

    init(journal path: String?, progress: Progress, emit: @escaping @Sendable (Cell) -> Void) throws(LabError) {
        do { journal = Mutex(try path.map { path throws(HostError) in try StreamFile(path: path) }) } catch {
            throw .tool("--results: cannot open the cell journal: \(error)")
        }
        self.emit = emit
        self.progress = progress
    }

    func record(_ cell: Cell) {
        emit(cell)
        journal.withLock { file in
            guard let file else { return }
            do {
                try file.write(Array(try CellStream.line(for: cell).utf8))
            } catch {
                progress.note("WARNING: \(cell.key) is not in the journal \(file.path) (\(error)); --resume would run it again")
            }
        }
    }
}
