import Glibc
import SystemPackage

/// A file or serial port that lines are streamed to, each written whole.
/// write(2) may take part of a buffer (a signal arrives, a pipe or tty queue
/// fills) or none for now (EAGAIN on a non-blocking fd), and a line lost or
/// cut short makes the reader rerun or misattribute a cell. So a write loops
/// until every byte is out, waiting for room on EAGAIN. FileDescriptor's
/// writeAll retries EINTR and short writes but gives up on EAGAIN without
/// saying how much went out, so the loop is ours.
public final class StreamFile {
    public let path: String
    private let descriptor: FileDescriptor

    /// Appends; O_NOCTTY so that a serial port does not become our controlling terminal.
    public convenience init(path: String) throws(HostError) {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                FilePath(path), .writeOnly,
                options: [.create, .append, .closeOnExec, FileDescriptor.OpenOptions(rawValue: O_NOCTTY)],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw .open(path: path, errno: SysFile.errnoCode(error))
        }
        self.init(descriptor: descriptor, path: path)
    }

    /// Takes ownership of `descriptor`.
    init(descriptor: FileDescriptor, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { try? descriptor.close() }

    public func write(_ bytes: [UInt8]) throws(HostError) {
        var written = 0
        while written < bytes.count {
            do {
                written += try bytes.withUnsafeBytes { try descriptor.write(UnsafeRawBufferPointer(rebasing: $0[written...])) }
            } catch Errno.resourceTemporarilyUnavailable {
                waitForRoom()
            } catch {
                throw .stream(path: path, written: written, total: bytes.count, errno: SysFile.errnoCode(error))
            }
        }
    }

    /// No timeout: a reader that stops draining is the host's to notice
    /// (its guest timeout), and giving up here would tear the line anyway.
    private func waitForRoom() {
        var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLOUT), revents: 0)
        while poll(&entry, 1, -1) < 0 && errno == EINTR {}
    }
}
