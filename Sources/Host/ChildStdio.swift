import Glibc
import SystemPackage

/// The descriptors a child gets as stdin, stdout and stderr, and the
/// parent's end of the output pipe. Everything is opened close-on-exec so
/// that concurrent spawns elsewhere in the process cannot inherit it.
struct ChildStdio: ~Copyable {
    /// A memfd holding all of the input, or /dev/null: the child never reads
    /// the harness's terminal, and the parent never blocks feeding it.
    private var input: Int32 = -1
    /// The pipe's write end or the output file; -1 inherits the parent's.
    private var output: Int32 = -1
    /// The pipe's read end when output is captured.
    private var captured: Int32 = -1

    init(command: String, input text: String?, capture: Bool, outputFile: String?) throws(HostError) {
        if let text {
            guard let memfdCreate = GNUExtensions.memfdCreate else { throw .spawn(command: command, errno: ENOSYS) }
            input = memfdCreate("subprocess-input", GNUExtensions.memfdCloseOnExec)
            guard input >= 0 else { throw .spawn(command: command, errno: errno) }
            let bytes = Array(text.utf8)
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
                guard count > 0 else { throw .spawn(command: command, errno: errno) }
                written += count
            }
            lseek(input, 0, SEEK_SET)
        } else {
            input = open("/dev/null", O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { throw .spawn(command: command, errno: errno) }
        }
        if let outputFile {
            output = open(outputFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard output >= 0 else { throw .spawn(command: "\(command) (output to \(outputFile))", errno: errno) }
        } else if capture {
            do {
                let ends = try FileDescriptor.pipe(options: .closeOnExec)
                captured = ends.readEnd.rawValue
                output = ends.writeEnd.rawValue
            } catch {
                throw .spawn(command: command, errno: error.rawValue)
            }
        }
    }

    func addActions(to actions: inout posix_spawn_file_actions_t) {
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        if output >= 0 {
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
        }
    }

    /// Once the child runs, the parent keeps only the read end: holding the
    /// write end would keep the pipe from ever reaching end-of-file.
    mutating func closeChildEnds() {
        for descriptor in [input, output] where descriptor >= 0 { close(descriptor) }
        input = -1
        output = -1
    }

    /// Hands the read end to the caller, who closes it.
    mutating func takeCaptured() -> Int32? {
        defer { captured = -1 }
        return captured >= 0 ? captured : nil
    }

    deinit {
        for descriptor in [input, output, captured] where descriptor >= 0 { close(descriptor) }
    }
}
