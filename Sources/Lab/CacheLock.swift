import Glibc

/// One lab run at a time per cache: runs share the source tree they patch
/// and the build tree they switch between variants, so a second run would
/// corrupt the first. flock is released by the kernel if the holder dies.
final class CacheLock {
    private let fd: Int32

    init(cache: String) throws(LabError) {
        try LabFile.makeDirectory(cache)
        let path = cache + "/lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .tool("cannot open \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .tool("another vfio-conformance lab run is using \(cache) (it holds \(path)); wait for it, or pass --cache DIR")
        }
    }

    deinit { close(fd) }
}
