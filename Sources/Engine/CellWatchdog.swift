import Glibc
import Host
import Results
import Synchronization
import SystemPackage

/// In a lab guest: if no cell finishes for `limit` seconds, the harness is
/// stuck in the kernel somewhere no step timeout covers (a sysfs read that
/// waits on a lock a killed thread held). It writes "wedged" to the status
/// file the guest's init waits on and exits, so the lab records the cell in
/// flight as a hang and resumes in a fresh guest at once.
public final class CellWatchdog: Sendable {
    private let clock = Stopwatch()
    /// The clock's seconds at the last progress, as bits: Atomic holds no Double.
    private let lastProgress = Atomic<UInt64>(0.0.bitPattern)

    public init(statusFile: String, limit: Double) {
        // Made before anything is stuck, so reporting it needs no allocation:
        // a thread wedged in the kernel may hold the allocator's lock.
        let status = Array((GuestProtocol.Status.wedged.word + "\n").utf8)
        _ = PThread.start { [self] in
            while true {
                sleep(1)
                guard clock.seconds - Double(bitPattern: lastProgress.load(ordering: .relaxed)) > limit else { continue }
                if let file = try? FileDescriptor.open(statusFile, O_WRONLY | O_CREAT | O_TRUNC) {
                    _ = try? file.writeAll(status)
                    try? file.close()
                }
                _exit(GuestProtocol.Status.wedgedExitCode)
            }
        }.map(pthread_detach)
    }

    /// A cell finished: the harness is alive.
    public func progress() { lastProgress.store(clock.seconds.bitPattern, ordering: .relaxed) }
}
