import Glibc
import SystemPackage
import Synchronization

/// Runs programs with posix_spawn and no Foundation: the lab runs make and
/// QEMU with it, the engine a capability-dropped copy of itself.
///
/// The child leads its own process group, so a timeout reaches everything it
/// started (make's compilers, a shell's sleep) and not just the direct child;
/// the flip side is that a terminal's Ctrl-C reaches only the harness.
public enum Subprocess {
    /// `arguments[0]` is looked up in PATH (the child's PATH when
    /// `environment` sets one) unless it contains a '/'. `environment` nil
    /// inherits the parent's. Without `input` the child reads /dev/null.
    /// Output goes to `outputFile` (appended, both streams) when given, else
    /// is captured merged when `captureOutput`, else inherited. On timeout
    /// the group gets SIGTERM, then SIGKILL 2 s later. With `progress`, the
    /// timeout counts from the last time its value changed (read once a
    /// second): a child that keeps making progress is never timed out.
    /// `stop`, read as often, ends the child the same way when it says so
    /// (a result the caller asked for, so not `timedOut`). Once `terminateAll`
    /// ran, only clean-up work (`duringShutdown`) may still start, and
    /// clean-up work is never killed by it: a revert cut short by a second
    /// Ctrl-C would leave the tree half patched.
    public static func run(_ arguments: [String], environment: [String: String]? = nil,
                           workingDirectory: String? = nil, input: String? = nil, timeout: Double? = nil,
                           progress: (() -> Int)? = nil, stop: (() -> Bool)? = nil,
                           captureOutput: Bool = true, outputFile: String? = nil,
                           duringShutdown: Bool = false) throws(HostError) -> ProcessResult {
        guard let command = arguments.first else { throw .spawn(command: "", errno: .invalidArgument) }
        let executable = try locate(command, searchPath: environment?["PATH"]
            ?? getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin")
        var stdio = try ChildStdio(command: command, input: input, capture: captureOutput, outputFile: outputFile)
        // Spawning and registering under one lock, so terminateAll cannot
        // slip between them and miss a child.
        let pid = try running.withLock { children throws(HostError) -> pid_t in
            guard !children.closed || duringShutdown else { throw .spawn(command: command, errno: .canceled) }
            let pid = try spawn(executable, arguments, environment: environment,
                                workingDirectory: workingDirectory, stdio: stdio)
            if !duringShutdown { children.groups.insert(pid) }
            return pid
        }
        defer { running.withLock { _ = $0.groups.remove(pid) } }
        stdio.closeChildEnds()
        return wait(for: pid, capturing: stdio.takeCaptured(), timeout: timeout, progress: progress, stop: stop)
    }

    /// Process groups of the children still running; closed once the
    /// harness is shutting down.
    private static let running = Mutex<(groups: Set<pid_t>, closed: Bool)>(([], false))

    /// Kills every running child's process group and refuses new children.
    /// Children lead their own groups, so a Ctrl-C aimed at the harness does
    /// not reach them: the harness's signal handler calls this so no QEMU or
    /// make outlives it, nor starts while it exits.
    public static func terminateAll() {
        running.withLock { children in
            children.closed = true
            for group in children.groups { kill(-group, SIGKILL) }
        }
    }

    /// Whether `terminateAll` ran: a child that ended now was killed, and
    /// what it left says nothing about the work it was doing.
    public static var isTerminating: Bool { running.withLock { $0.closed } }

    /// The running binary, for spawning a copy of it.
    public static func executablePath() -> String {
        SysFile.linkTarget("/proc/self/exe") ?? CommandLine.arguments[0]
    }

    private static func locate(_ command: String, searchPath: String) throws(HostError) -> String {
        if command.contains("/") { return command }
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(command)"
            var status = stat()
            if stat(candidate, &status) == 0, status.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        throw .spawn(command: command, errno: .noSuchFileOrDirectory)
    }

    private static func spawn(_ executable: String, _ arguments: [String], environment: [String: String]?,
                              workingDirectory: String?, stdio: borrowing ChildStdio) throws(HostError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        stdio.addActions(to: &actions)
        // Device fds the harness holds must not leak: an inherited vfio fd
        // would make an unbind block.
        guard let addClosefrom = GNUExtensions.addClosefrom, let addChdir = GNUExtensions.addChdir else {
            throw .spawn(command: arguments[0], errno: .noFunction)
        }
        _ = addClosefrom(&actions, 3)
        if let workingDirectory { _ = addChdir(&actions, workingDirectory) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        // Default dispositions, so a SIGPIPE the harness ignores is not ignored in make.
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { (argv + (envp ?? [])).forEach { free($0) } }
        var pid: pid_t = 0
        let result = envp.map { posix_spawn(&pid, executable, &actions, &attributes, argv, $0) }
            ?? posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw .spawn(command: arguments[0], errno: Errno(rawValue: result)) }
        return pid
    }

    /// Polls in short slices rather than blocking, so that the timeout,
    /// the child's exit and its output are all noticed within 50 ms.
    private static func wait(for pid: pid_t, capturing pipe: FileDescriptor?, timeout: Double?,
                             progress: (() -> Int)?, stop: (() -> Bool)?) -> ProcessResult {
        let clock = Stopwatch()
        var lastProgress = progress?(), progressSince = 0.0, progressReadAt = 0.0
        var output: [UInt8] = []
        var pipe = pipe
        var timedOut = false
        var killAt: Double?
        let status: Int32
        while true {
            var raw: Int32 = 0
            let reaped = waitpid(pid, &raw, WNOHANG)
            if reaped == pid {
                let signal = raw & 0x7f
                status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
                break
            }
            if reaped < 0 && errno == ECHILD {
                status = -1
                break
            }
            let elapsed = clock.seconds
            if elapsed - progressReadAt >= 1 {
                progressReadAt = elapsed
                if let now = progress?(), now != lastProgress { lastProgress = now; progressSince = elapsed }
                if killAt == nil, !timedOut, stop?() == true {
                    kill(-pid, SIGTERM)
                    killAt = elapsed + 2
                }
            }
            if let timeout, !timedOut, elapsed - progressSince >= timeout {
                timedOut = true
                kill(-pid, SIGTERM)
                killAt = elapsed + 2
            }
            if let deadline = killAt, elapsed >= deadline {
                kill(-pid, SIGKILL)
                killAt = nil
            }
            if let descriptor = pipe {
                if readChunk(descriptor, into: &output, waitMilliseconds: 50) == .end {
                    try? descriptor.close()
                    pipe = nil
                }
            } else {
                poll(nil, 0, 50)
            }
        }
        // What the child wrote is in the pipe now; anything it left running
        // in the background may hold the pipe open, so do not wait for EOF.
        if let descriptor = pipe {
            while readChunk(descriptor, into: &output, waitMilliseconds: 0) == .data {}
            try? descriptor.close()
        }
        return ProcessResult(status: status,
                             output: String(decoding: output, as: UTF8.self), timedOut: timedOut)
    }

    private enum Chunk { case data, idle, end }

    private static func readChunk(_ descriptor: FileDescriptor, into output: inout [UInt8], waitMilliseconds: Int32) -> Chunk {
        var request = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
        guard poll(&request, 1, waitMilliseconds) > 0 else { return .idle }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count: Int
        do { count = try descriptor.read(into: &buffer) } catch .resourceTemporarilyUnavailable { return .idle } catch {
            return .end
        }
        if count == 0 { return .end }
        output += buffer[..<count]
        return .data
    }
}
