import Glibc

/// One run at a time per kernel tree, whatever cache it uses: runs patch
/// the tree in place, so two at once would build each other's patches.
/// flock on the tree directory itself writes nothing into the tree and is
/// released by the kernel if the holder dies.
final class TreeLock {
    private let fd: Int32

    init(tree: String) throws(LabError) {
        fd = open(tree, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .tool("cannot open the kernel tree \(tree): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .tool("another vfio-conformance run is building or patching \(tree) (it holds a lock on the directory); wait for it: a tree is patched in place, so two runs cannot share it")
        }
    }

    deinit { close(fd) }
}
