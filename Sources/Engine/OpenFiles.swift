import Host
import SystemPackage
import Synchronization

/// The VFIO files a cell opened and has not closed, newest last, shared by
/// the cell's thread and the threads it starts (a race's workers, a call
/// made without CAP_SYS_RAWIO), so whatever a scenario or a worker leaves
/// open is closed after the cell. A file is known by its descriptor.
final class OpenFiles: Sendable {
    private let files = Mutex<[any VFIOFile]>([])

    var count: Int { files.withLock { $0.count } }

    func keep(_ file: any VFIOFile) { files.withLock { $0.append(file) } }

    /// Closes the file whether it is kept or not, as the caller asked: a
    /// file closed twice gets the kernel's answer to the second close.
    func close(_ file: any VFIOFile) throws(Errno) {
        files.withLock { $0.removeAll { $0.fd == file.fd } }
        try file.close()
    }

    /// Closes the file if it is still kept, and says whether it was: a
    /// helper thread handing a file back races the cell's teardown, and a
    /// descriptor closed twice may by then be another file's.
    func closeIfKept(_ file: any VFIOFile) throws(Errno) -> Bool {
        let kept = files.withLock { files in
            guard let index = files.firstIndex(where: { $0.fd == file.fd }) else { return false }
            files.remove(at: index)
            return true
        }
        if kept { try file.close() }
        return kept
    }

    /// Closes the files opened since `count` was `mark`, newest first.
    func close(since mark: Int) {
        let newer = files.withLock { files in
            let newer = files[min(mark, files.count)...]
            defer { files.removeSubrange(newer.indices) }
            return Array(newer)
        }
        for file in newer.reversed() { try? file.close() }
    }

    /// Closes every file still open, newest first, each on a thread of its
    /// own: a close that blocks in the kernel (a device's release) is left
    /// behind after 10 s.
    func closeAll() {
        let all = files.withLock { files in
            defer { files.removeAll() }
            return files
        }
        for file in all.reversed() { _ = BackgroundCall { try? file.close() }.wait(seconds: 10) }
    }
}
