import Dispatch
import Glibc
import Synchronization

/// Set by SIGINT or SIGTERM; one process has one set of signal handlers.
private let signalled = Atomic(false)

/// Watches SIGINT and SIGTERM. The matrix stops after the cell in flight
/// (whose steps all have timeouts), and that cell's restore puts the machine
/// back, instead of dying with a device bound or a module loaded.
final class SignalFlag {
    private let sources: [any DispatchSourceSignal]

    init(signals: [Int32]) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { signalled.store(true, ordering: .relaxed) }
            source.resume()
            return source
        }
    }

    func isSet() -> Bool { signalled.load(ordering: .relaxed) }
}
