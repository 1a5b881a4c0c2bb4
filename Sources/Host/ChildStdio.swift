import Glibc
import SystemPackage

/// The descriptors a child gets as stdin, stdout and stderr, and the
/// parent's end of the output pipe. Everything is opened close-on-exec so
/// that concurrent spawns elsewhere in the process cannot inherit it.
struct ChildStdio: ~Copyable {
    /// A memfd holding all of the input, or /dev/null: the child never reads
    /// the harness's terminal, and the parent never blocks feeding it.
    private var input: FileDescriptor?
    /// The pipe's write end or the output file; nil inherits the parent's.
    private var output: FileDescriptor?
    /// The pipe's read end when output is captured.
    private var captured: FileDescriptor?

    init(command: String, input text: String?, capture: Bool, outputFile: String?) throws(HostError) {
        do {
            if let text { input = try Self.memfd(text) } else { input = try FileDescriptor.open("/dev/null", O_RDONLY) }
        } catch {
            throw .spawn(command: command, errno: error)
        }
        if let outputFile {
            do { output = try FileDescriptor.open(outputFile, O_WRONLY | O_CREAT | O_APPEND) } catch {
                throw .spawn(command: "\(command) (output to \(outputFile))", errno: error)
            }
        } else if capture {
            do {
                (captured, output) = try FileDescriptor.pipe(options: .closeOnExec)
            } catch {
                throw .spawn(command: command, errno: error)
            }
        }
    }

    /// A file in memory holding `text`, read from its start.
    private static func memfd(_ text: String) throws(Errno) -> FileDescriptor {
        guard let memfdCreate = GNUExtensions.memfdCreate else { throw .noFunction }
        let file = FileDescriptor(rawValue: try syscall { memfdCreate("subprocess-input", GNUExtensions.memfdCloseOnExec) })
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count { written += try file.write(bytes, from: written) }
        _ = try syscall { lseek(file.rawValue, 0, SEEK_SET) }
        return file
    }

    func addActions(to actions: inout posix_spawn_file_actions_t) {
        if let input { posix_spawn_file_actions_adddup2(&actions, input.rawValue, 0) }
        if let output {
            posix_spawn_file_actions_adddup2(&actions, output.rawValue, 1)
            posix_spawn_file_actions_adddup2(&actions, output.rawValue, 2)
        }
    }

    /// Once the child runs, the parent keeps only the read end: holding the
    /// write end would keep the pipe from ever reaching end-of-file.
    mutating func closeChildEnds() {
        for descriptor in [input, output].compactMap(\.self) { try? descriptor.close() }
        input = nil
        output = nil
    }

    /// Hands the read end to the caller, who closes it.
    mutating func takeCaptured() -> FileDescriptor? {
        defer { captured = nil }
        return captured
    }

    deinit {
        for descriptor in [input, output, captured].compactMap(\.self) { try? descriptor.close() }
    }
}
