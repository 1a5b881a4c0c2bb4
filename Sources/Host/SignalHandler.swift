import Glibc

/// The write end of the pipe the signal handler pokes; a signal handler can
/// reach nothing but globals.
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1

/// Runs `action` on SIGINT or SIGTERM instead of dying, until cancelled.
/// The engine uses it to stop between cells and restore the machine, the
/// lab to stop its children and revert patches: either way nothing the
/// harness touched is left behind by a Ctrl-C.
///
/// A Dispatch signal source cannot do this on Linux: it reads a signalfd,
/// which only sees blocked signals, and the SIG_IGN needed to keep the
/// default action away makes the kernel discard them first. So a real
/// handler writes a byte to a pipe (all it may safely do) and a thread of
/// our own reads it and runs the action.
public final class SignalHandler {
    private let pipeRead: Int32

    public init(_ action: @escaping @Sendable () -> Void) {
        var ends: [Int32] = [-1, -1]
        pipe(&ends)
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        pipeRead = ends[0]
        signalPipeWrite = ends[1]
        let reader = ends[0]
        _ = PThread.start {
            var byte: UInt8 = 0
            while read(reader, &byte, 1) == 1, byte == 1 { action() }
        }.map(pthread_detach)
        var handler = sigaction()
        handler.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(signalPipeWrite, &byte, 1)
        }
        sigaction(SIGINT, &handler, nil)
        sigaction(SIGTERM, &handler, nil)
    }

    /// Back to the default actions; the reader thread ends.
    public func cancel() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        var stop: UInt8 = 0
        _ = write(signalPipeWrite, &stop, 1)
        close(signalPipeWrite)
        signalPipeWrite = -1
    }
}
