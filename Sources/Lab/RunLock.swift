import Glibc
import Host
import SystemPackage

/// An exclusive flock held for a lab run; the kernel releases it if the
/// holder dies, so a killed run never leaves a stale lock.
final class RunLock {
    private let file: FileDescriptor

    private init(path: String, flags: Int32, busy: String) throws(LabError) {
        do { file = try FileDescriptor.open(path, flags) } catch {
            throw .tool("cannot open \(path): \(error)")
        }
        guard flock(file.rawValue, LOCK_EX | LOCK_NB) == 0 else {
            try? file.close()
            throw .tool(busy)
        }
    }

    deinit { try? file.close() }

    /// One run at a time per cache: runs share its artifacts, ccache and
    /// build trees.
    static func cache(_ cache: String) throws(LabError) -> RunLock {
        try LabFile.makeDirectory(cache)
        let path = cache + "/lock"
        return try RunLock(path: path, flags: O_RDWR | O_CREAT,
                           busy: "another vfio-conformance lab run is using \(cache) (it holds \(path)); wait for it, or pass --cache DIR")
    }

    /// One run at a time per kernel tree, whatever cache it uses: runs patch
    /// the tree in place. The lock is on the directory itself, so nothing is
    /// written into the tree.
    static func tree(_ tree: String) throws(LabError) -> RunLock {
        try RunLock(path: tree, flags: O_RDONLY | O_DIRECTORY,
                    busy: "another vfio-conformance run is building or patching \(tree) (it holds a lock on the directory); wait for it: a tree is patched in place, so two runs cannot share it")
    }
}
