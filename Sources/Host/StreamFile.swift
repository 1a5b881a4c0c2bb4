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
            descriptor = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY)
        } catch {
            throw .open(path: path, errno: error)
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
                written += try descriptor.write(bytes, from: written)
            } catch .resourceTemporarilyUnavailable {
                waitForRoom()
            } catch {
                throw .stream(path: path, written: written, total: bytes.count, errno: error)
            }
        }
    }

    /// No timeout: a reader that stops draining is the host's to notice
    /// (its guest timeout), and giving up here would tear the line anyway.
    private func waitForRoom() {
        var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLOUT), revents: 0)
        _ = try? syscall { poll(&entry, 1, -1) }
    }
}
