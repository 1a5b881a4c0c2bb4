import CSupport
import Glibc
import Host
import SystemPackage

/// An eventfd: what VFIO_DEVICE_SET_IRQS hands a driver to signal, such as
/// the device request channel an unbind uses to ask for the device back.
public struct EventFD: Sendable {
    public let fd: FileDescriptor

    public init(fd: FileDescriptor) { self.fd = fd }

    public static func make() throws(Errno) -> EventFD {
        let made = recorded(.eventfd(fd: nil)) { () throws(Errno) in
            try syscall(retryingInterrupts: false) { cs_eventfd() }
        }
        return EventFD(fd: FileDescriptor(rawValue: try made.get()))
    }

    /// Whether it was signalled within `milliseconds`. The count is left
    /// as it is: only whether the kernel asked matters.
    public func signalled(within milliseconds: Int32) throws(Errno) -> Bool {
        let ready = recorded(.poll(fd: fd.rawValue, milliseconds: milliseconds)) { () throws(Errno) in
            try syscall(retryingInterrupts: false) {
                var request = pollfd(fd: fd.rawValue, events: Int16(POLLIN), revents: 0)
                return Glibc.poll(&request, 1, milliseconds)
            }
        }
        return try ready.get() > 0
    }

    public func close() throws(Errno) { try fd.closeNode() }
}
