import Glibc
import Host
import Results
import Synchronization

/// In a lab guest: if no cell finishes for `limit` seconds, the harness is
/// stuck in the kernel somewhere no step timeout covers (a sysfs read that
/// waits on a lock a killed thread held). It writes "wedged" to the status
/// file the guest's init waits on and exits, so the lab records the cell in
/// flight as a hang and resumes in a fresh guest at once.
public final class CellWatchdog: Sendable {
    private let lastProgress = Atomic<Int64>(CellWatchdog.now())

    public init(statusFile: String, limit: Double) {
        _ = PThread.start { [self] in
            while true {
                sleep(1)
                guard Double(CellWatchdog.now() - lastProgress.load(ordering: .relaxed)) / 1e9 > limit else { continue }
                let fd = open(statusFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                var bytes = Array((GuestProtocol.Status.wedged.word + "\n").utf8)
                _ = write(fd, &bytes, bytes.count)
                close(fd)
                _exit(GuestProtocol.Status.wedgedExitCode)
            }
        }.map(pthread_detach)
    }

    /// A cell finished: the harness is alive.
    public func progress() { lastProgress.store(Self.now(), ordering: .relaxed) }

    private static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
