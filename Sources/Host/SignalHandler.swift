import Dispatch
import Glibc

/// Runs `action` on SIGINT or SIGTERM instead of dying, until cancelled.
/// The engine uses it to stop between cells and restore the machine, the
/// lab to stop its children and revert patches: either way nothing the
/// harness touched is left behind by a Ctrl-C.
public final class SignalHandler {
    private let sources: [any DispatchSourceSignal]

    public init(_ action: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: action)
            source.resume()
            return source
        }
    }

    public func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
