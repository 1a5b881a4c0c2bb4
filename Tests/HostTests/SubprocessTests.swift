import Foundation
import Glibc
import Testing
import Host

@Suite struct SubprocessTests {
    @Test func exitCodeAndMergedOutput() throws {
        let result = try Subprocess.run(["sh", "-c", "echo out; echo err >&2; exit 3"])
        #expect(result == ProcessResult(status: 3, output: "out\nerr\n", timedOut: false))
    }

    @Test func signalIsReportedAs128PlusSignal() throws {
        #expect(try Subprocess.run(["sh", "-c", "kill -9 $$"]).status == 137)
    }

    @Test func timeoutKillsTheWholeGroupInAboutTheTimeout() throws {
        for command in [["sleep", "30"], ["sh", "-c", "sleep 30; echo never"]] {
            let started = Date()
            let result = try Subprocess.run(command, timeout: 1)
            let elapsed = Date().timeIntervalSince(started)
            #expect(result.timedOut)
            #expect(result.status == 128 + SIGTERM)
            #expect(elapsed >= 1 && elapsed < 4, "took \(elapsed) s")
        }
    }

    @Test func progressRestartsTheTimeoutAndItsEndLetsItRunOut() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("progress-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let size = { ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int) ?? 0 }
        // Progress every 0.5 s for 3 s outlives a 2 s timeout; then it stops, and the timeout ends the child.
        let result = try Subprocess.run(["sh", "-c", "for i in 1 2 3 4 5 6; do echo $i >> \(file); sleep 0.5; done; echo done; sleep 30"],
                                        timeout: 2, progress: size)
        #expect(result.timedOut)
        #expect(result.output == "done\n")
    }

    @Test func stopEndsTheChildWithoutCallingItATimeout() throws {
        let result = try Subprocess.run(["sh", "-c", "echo started; sleep 30"], timeout: 60, stop: { true })
        #expect(!result.timedOut)
        #expect(result.status == 128 + SIGTERM)
        #expect(result.output == "started\n")
    }

    @Test func environmentReplacesTheParentsAndItsPathIsSearched() throws {
        let result = try Subprocess.run(["sh", "-c", "echo $GREETING ${HOME:-unset}"],
                                        environment: ["GREETING": "hello", "PATH": "/usr/bin:/bin"])
        #expect(result.output == "hello unset\n")
        #expect(throws: HostError.spawn(command: "sh", errno: .noSuchFileOrDirectory)) {
            try Subprocess.run(["sh", "-c", "true"], environment: ["PATH": "/nonexistent"])
        }
    }

    @Test func environmentIsInheritedByDefault() throws {
        #expect(try Subprocess.run(["sh", "-c", "echo $PATH"]).output == ProcessInfo.processInfo.environment["PATH"]! + "\n")
    }

    @Test func unknownCommandIsSpawnWithEnoent() {
        #expect(throws: HostError.spawn(command: "no-such-command-xyz", errno: .noSuchFileOrDirectory)) {
            try Subprocess.run(["no-such-command-xyz"])
        }
        #expect(throws: HostError.spawn(command: "/nonexistent/tool", errno: .noSuchFileOrDirectory)) {
            try Subprocess.run(["/nonexistent/tool"])
        }
        #expect(HostError.spawn(command: "qemu-system-x86_64", errno: .noSuchFileOrDirectory).description
            .contains("'qemu-system-x86_64'"))
    }

    @Test func inputWorkingDirectoryAndStdinDefault() throws {
        #expect(try Subprocess.run(["cat"], input: "line 1\nline 2").output == "line 1\nline 2")
        #expect(try Subprocess.run(["cat"]).output == "")
        #expect(try Subprocess.run(["pwd"], workingDirectory: "/proc").output == "/proc\n")
        #expect(throws: HostError.spawn(command: "pwd", errno: .noSuchFileOrDirectory)) {
            try Subprocess.run(["pwd"], workingDirectory: "/nonexistent")
        }
    }

    @Test func largeOutputDoesNotDeadlock() throws {
        let result = try Subprocess.run(["sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x"], timeout: 20)
        #expect(result.output.utf8.count == 1_000_000 && !result.timedOut)
    }

    @Test func outputFileIsAppendedToInsteadOfCapturing() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "before\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Subprocess.run(["sh", "-c", "echo out; echo err >&2"], outputFile: file)
        #expect(result.output == "")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "before\nout\nerr\n")
    }

    @Test func descriptorsOfTheParentDoNotLeak() throws {
        let descriptor = open("/dev/null", O_RDONLY)
        defer { close(descriptor) }
        let listed = try Subprocess.run(["sh", "-c", "ls /proc/$$/fd"]).output.split(separator: "\n")
        #expect(!listed.contains(Substring(String(descriptor))))
        #expect(listed.contains("0") && listed.contains("1") && listed.contains("2"))
    }

    @Test func executablePathIsAbsoluteAndExists() {
        let path = Subprocess.executablePath()
        #expect(path.hasPrefix("/") && FileManager.default.isExecutableFile(atPath: path))
    }
}
