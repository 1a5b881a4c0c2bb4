import Host

/// What the kernel shows of one thread of this process: its scheduler
/// state, how often it has been switched in and out, and its kernel stack.
/// A thread blocked for good in the kernel shows the same sample again and
/// again; one doing slow work (a checker kernel runs several times slower)
/// keeps running or keeps waking up.
public struct ThreadSample: Equatable, Sendable {
    /// stat's state letter: R running, S sleeping, D uninterruptible, ...
    public var state: Character
    /// Voluntary and involuntary context switches together.
    public var switches: Int
    /// /proc/self/task/TID/stack, one frame a line, without the "[<0>] " prefix.
    public var stack: [String]

    /// Unrecorded: the harness watching its own threads, which no reproducer repeats.
    public static func read(thread: Int32) -> ThreadSample? {
        let directory = "/proc/self/task/\(thread)"
        return KernelCallRecorder.unrecorded {
            guard let stat = try? TextFile.read(directory + "/stat"), let status = try? TextFile.read(directory + "/status") else { return nil }
            return parse(stat: stat, status: status, stack: (try? TextFile.read(directory + "/stack")) ?? "")
        }
    }

    static func parse(stat: String, status: String, stack: String) -> ThreadSample? {
        // The command name may hold spaces and parentheses: the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")"), let state = stat[stat.index(after: close)...].first(where: { !$0.isWhitespace }) else { return nil }
        var switches = 0
        for line in status.split(separator: "\n") where line.hasPrefix("voluntary_ctxt_switches:") || line.hasPrefix("nonvoluntary_ctxt_switches:") {
            guard let count = line.split(separator: ":").last.flatMap({ Int($0.trimmed) }) else { return nil }
            switches += count
        }
        let frames = stack.split(separator: "\n").map { line in
            String((line.firstIndex(of: "]").map { line[line.index(after: $0)...] } ?? line[...]).trimmed)
        }
        return ThreadSample(state: state, switches: switches, stack: frames)
    }

    /// Waiting in futex(2) for another thread of this process (a helper
    /// call's result, a lock it holds: futex_wait, or futex_lock_pi for
    /// Swift's Mutex), not for the kernel: never a stuck call of its own.
    public var waitsForThisProcess: Bool { stack.contains { $0.hasPrefix("futex_wait") || $0.hasPrefix("futex_lock_pi") } }

    /// "state D at vfio_unregister_group_dev+0x9b/0x110 [vfio] <- vfio_pci_remove+0x1a/0x30 [vfio_pci]".
    public var summary: String {
        "state \(state)" + (stack.isEmpty ? "" : " at " + stack.prefix(4).joined(separator: " <- "))
    }
}

/// Tells a call stuck in the kernel from a slow one by the samples of its
/// thread: stuck once it has shown the same sample, not running, for
/// `stillFor` seconds.
public struct StuckThread: Sendable {
    public let stillFor: Double
    private var unchanged: (sample: ThreadSample, since: Double)?

    public init(stillFor: Double) { self.stillFor = stillFor }

    /// The sample the thread is stuck in, or nil while it still moves (or cannot be read).
    public mutating func observe(_ sample: ThreadSample?, at time: Double) -> ThreadSample? {
        guard let sample, sample.state != "R", !sample.waitsForThisProcess else {
            unchanged = nil
            return nil
        }
        if let unchanged, unchanged.sample == sample {
            return time - unchanged.since >= stillFor ? sample : nil
        }
        unchanged = (sample, time)
        return nil
    }
}
