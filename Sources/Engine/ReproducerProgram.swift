import Host
import Results
import VFIO

/// A cell's kernel calls as one C program a maintainer can build and run on
/// their own machine: libc and the uapi headers only, every call made as
/// the cell made it (in its order, with its arguments, a capability drop on
/// a thread of its own), each answer printed. Before the finding each call
/// that changes the machine must answer as the cell's did (else exit 2: the
/// machine differs), while a read only says when it answers otherwise (on
/// the kernel without the change the damage may show before the finding);
/// the failing step's calls decide: answered as in the failing run, it
/// exits 1 naming them (reproduced), otherwise 0. A race's finding is its
/// recorded round, made again (the workers on threads of their own from
/// one barrier) until a round answers every call as it did: exit 1.
struct ReproducerProgram {
    var cell: String
    var records: [KernelCallRecord]
    /// The failing step's calls (indices into `records`), its name, and
    /// what was expected and observed; nil for a crash or hang, whose calls
    /// are all made and the kernel's report is the finding.
    var finding: (calls: Range<Int>, step: String, expected: String, observed: String)?
    var device: String
    /// The cell's own thread; others are inlined unless they dropped a capability.
    var thread: Int32
    /// A race's finding: the calls before the race are made once, then its
    /// recorded round again and again until every call answers as it did.
    var race: RaceFinding?
    /// A hang whose call returned once the cell let go of the kernel: that
    /// call, timed on its own thread; taking `seconds` or more reproduces it.
    var slow: (call: Int, seconds: Double)?
    /// What exits 0 and 1 mean, for the comment at its head.
    var exits = ["Exit 0: every answer as the table expects; 1: the finding reproduced;"]
    /// The finding of a cell that only left the machine otherwise than it found it.
    static let invariantsStep = "invariants after the cell"
    /// Reads an invariants finding judges by their answer only: the taint
    /// mask holds what every earlier cell of the boot set (U from any
    /// noiommu open), and its W and D come with a kernel report, which is a
    /// crash's finding. A step about the taint is judged by its bytes.
    static let unjudgedReads = ["/sys/kernel/tainted"]
    /// How long the race part goes on before it gives up.
    static let raceSeconds = 50

    var source: String {
        var main: [String] = [], threads: [String] = []
        let count = race?.at ?? finding?.calls.upperBound ?? slowEnd ?? records.count
        // Calls the cell made while another was in the kernel: that one runs on a thread of its own, joined where it answered.
        var inFlight: [(answered: Int, name: String, join: String)] = []
        func join(before index: Int) {
            for pending in inFlight where pending.answered <= index { main.append(pending.join) }
            inFlight.removeAll { $0.answered <= index }
        }
        var index = 0
        while index < count {
            join(before: index)
            let record = records[index]
            if let answered = joined(index, before: count) {
                let name = "overlapping_\(threads.count + 1)"
                let timed = slow?.call == index
                let call = timed ? "\tbegan = monotonic_seconds();\n" + line(index)
                    + "\tbegan = monotonic_seconds() - began;\n\t__atomic_store(&slow_took, &began, __ATOMIC_RELEASE);\n" : line(index)
                threads.append("static void *\(name)(void *unused)\n{\n\tlong got;\n" + (timed ? "\tdouble began;\n" : "")
                    + "\n\t(void)unused;\n\t__atomic_store_n(&in_call, 1, __ATOMIC_RELEASE);\n" + call + "\treturn NULL;\n}\n")
                main.append("\tpthread_t \(name)_thread;\n\tin_call = 0;\n\tstart_worker(&\(name)_thread, \(name));\n\tafter_call_began();\n")
                let what = literal(cCall(record.call).1)
                let join = timed ? "\tjoin_call(\(name)_thread, \(Self.slowJoin));\n\tslow_end(\(index + 1), \(what), \(Int(slow!.seconds)));\n"
                    : "\tjoin_call(\(name)_thread, \(joinSeconds(record.call)));\n"
                inFlight.append((answered, name + "_thread", join))
                index += 1
            } else if record.thread != thread, case .dropCapability = record.call {
                // The calls of a thread without the capability run on one of their own, as the cell's did.
                var end = index
                while end < count && records[end].thread == record.thread { end += 1 }
                let name = "unprivileged_\(threads.count + 1)"
                threads.append("static void *\(name)(void *unused)\n{\n\tlong got;\n\n\t(void)unused;\n"
                    + (index..<end).map { line($0) }.joined() + "\treturn NULL;\n}\n")
                main.append("\ton_thread(\(name));\n")
                index = end
            } else {
                main.append(line(index))
                index += 1
            }
        }
        join(before: count)
        for pending in inFlight where pending.answered == .max { main.append("\tpthread_join(\(pending.name), NULL);\n") }
        if let race {
            let (workers, loop) = raceBlock(race)
            threads += workers
            main.append(loop)
        } else if let finding {
            main.append("\tfinding_end(\(literal(finding.step)), \(literal(finding.expected)), \(literal(finding.observed)));\n")
        }
        if slow != nil {
            main.append("\tclose_all();\n\treturn slow_verdict();\n")
        } else {
            main.append("\tclose_all();\n\tprintf(\"done: every call answered as in the cell's run\\n\");\n\treturn 0;\n")
        }
        return """
        // Reproducer for \(cell):
        // the \(count) kernel calls the cell made, in order, written by vfio-conformance.
        // Run as root in a disposable VM after the prelude (run.sh): it binds
        // and unbinds DEVICE.
        //   cc -static -O2 -I"$TREE/usr/include" -o repro repro.c
        // (TREE: the kernel under test after `make headers_install`).
        \(exits.map { "// " + $0 }.joined(separator: "\n"))
        // 2: a call before the finding that changes the machine answered otherwise (this machine is not the cell's).
        #define _GNU_SOURCE
        #include <dirent.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <limits.h>
        #include <poll.h>
        #include <pthread.h>
        #include <sched.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/eventfd.h>
        #include <sys/ioctl.h>
        #include <sys/syscall.h>
        #include <sys/utsname.h>
        #include <time.h>
        #include <unistd.h>
        #include <linux/capability.h>
        #include <linux/vfio.h>
        #if __has_include(<linux/iommufd.h>)
        #include <linux/iommufd.h>
        #endif

        #ifndef DEVICE
        #define DEVICE "\(device)"
        #endif
        // How long a race's rounds go on before it gives up.
        #ifndef RACE_SECONDS
        #define RACE_SECONDS \(Self.raceSeconds)
        #endif

        \(Self.helpers)
        \(threads.joined(separator: "\n"))
        int main(void)
        {
        \tlong got = 0;

        \t(void)got;
        \t// A line at a time: a run that hangs still shows how far it got.
        \tsetvbuf(stdout, NULL, _IOLBF, 0);
        \(main.joined())}

        """
    }

    /// The race: one function a worker, and the loop of rounds.
    private func raceBlock(_ race: RaceFinding) -> (workers: [String], loop: String) {
        let round = race.round
        func calls(_ records: [KernelCallRecord]) -> String {
            records.map { record in
                let (call, _, exact) = cCall(record.call)
                // A call that never returned in the race cannot answer alike.
                return "\t\tgot = \(call);\n\t\trace_answer(got, \(record.answer.map { "\($0)L" } ?? "LONG_MIN"), \(exact ? 1 : 0));\n"
            }.joined()
        }
        let workers = round.workers.enumerated().map { index, records in
            "static void *race_worker_\(index)(void *unused)\n{\n\tlong got = 0;\n\n\t(void)unused;\n\t(void)got;\n\trace_barrier(\(round.workers.count));\n"
                + "\t{\n" + calls(records) + "\t}\n\treturn NULL;\n}\n"
        }
        let start = round.workers.indices.map { "\t\tstart_worker(&threads[\($0)], race_worker_\($0));\n" }.joined()
        let loop = """
        \t// The race (seed \(race.seed), \(race.iterations) rounds): round \(round.round) answered so.
        \tprintf("racing: until a round answers as round \(round.round) of the failing race did, for %d s\\n", RACE_SECONDS);
        \tfor (long round = 1; seconds_since_start() < RACE_SECONDS; round++) {
        \t\tpthread_t threads[\(round.workers.count)];

        \t\trace_alike = 1;
        \t\trace_arrived = 0;
        \(calls(round.before))\(start)\t\tfor (int i = 0; i < \(round.workers.count); i++)
        \t\t\tpthread_join(threads[i], NULL);
        \(calls(round.after))\t\tif (race_alike) {
        \t\t\tprintf("REPRODUCED: round %ld answered every call as round \(round.round) of the failing race (seed \(race.seed))\\n", round);
        \t\t\treturn 1;
        \t\t}
        \t}
        \tprintf("not reproduced: no round in %d s answered as round \(round.round) of the failing race\\n", RACE_SECONDS);
        \treturn 0;

        """
        return (workers, loop)
    }

    /// Where a released hang's calls end: after the call that let it go.
    var slowEnd: Int? {
        slow.map { records[$0.call].answeredAfter ?? $0.call + 1 }
    }

    /// How long the timed call's join waits: it must see the call return, however long it took.
    static let slowJoin = 60

    /// How long a join waits for an overlapping call: a poll as long as it
    /// may wait, anything else 2 s (a read noted before it may be what frees it).
    private func joinSeconds(_ call: KernelCall) -> Int {
        if case let .poll(_, milliseconds) = call { return Int(milliseconds) / 1000 + 2 }
        return 2
    }

    /// One call, its answer printed and checked.
    private func line(_ index: Int) -> String {
        let record = records[index]
        let number = index + 1
        let (call, what, exact) = cCall(record.call)
        guard let answer = record.answer else {
            return "\tgot = \(call);\n\treturned(\(number), \(literal(what)), got);\n"
        }
        guard finding?.calls.contains(index) == true else {
            // Only a call that changes the machine stops the program when it answers otherwise; a read says so and goes on.
            let judge = Self.reads(record.call) ? "noted" : "check"
            return "\tgot = \(call);\n\t\(judge)(\(number), \(literal(what)), got, \(answer)L, \(exact ? 1 : 0));\n"
        }
        // The finding's calls are also judged by what they gave back: a read's bytes, an ioctl's struct.
        let judged = record.output.flatMap { output -> [UInt8]? in
            if finding?.step == Self.invariantsStep, case let .read(path) = record.call, Self.unjudgedReads.contains(where: path.hasSuffix) { return nil }
            return output
        }
        let output = judged.map { "(const unsigned char[]){ \(bytes($0)) }, \($0.count)" } ?? "NULL, 0"
        return "\tgot = \(call);\n\tfound(\(number), \(literal(what)), got, \(answer)L, \(exact ? 1 : 0), \(output));\n"
    }

    /// Where the call's own thread is joined, when it gets one: a call the
    /// cell went on past while it was in the kernel, where it answered (at
    /// the end if it never did: the hang); and a write that ends a thread's
    /// calls (the unbind a step gives a timeout, after the reads that find
    /// the driver), right after it, for 2 s at most, as the step waited and
    /// went on.
    private func joined(_ index: Int, before count: Int) -> Int? {
        let record = records[index]
        if let answered = record.answeredAfter ?? (record.answer == nil && index + 1 < count ? Int.max : nil), answered > index + 1 {
            return answered
        }
        guard record.thread != thread, case .write = record.call, record.answer != nil else { return nil }
        return index + 1 == records.count || records[index + 1].thread != record.thread ? index + 1 : nil
    }

    /// Whether the call only looks: what later calls do does not depend on its answer.
    static func reads(_ call: KernelCall) -> Bool {
        switch call {
        case .read, .access, .readlink, .list, .poll: true
        default: false
        }
    }

    /// The C call, how it is described, and whether its answer must match exactly (a count, not a descriptor).
    private func cCall(_ call: KernelCall) -> (String, String, Bool) {
        switch call {
        case let .open(path, flags, fd):
            return ("do_open(\(literal(path)), \(flags), \(fd ?? -1))", "open \(path)", false)
        case let .close(fd):
            return ("do_close(\(fd))", "close fd \(fd)", false)
        case let .write(path, value):
            return ("do_write(\(literal(path)), \(literal(value)))", "write '\(value)' to \(path)", false)
        case let .read(path):
            return ("do_read(\(literal(path)))", "read \(path)", false)
        case let .access(path):
            return ("do_access(\(literal(path)))", "access \(path)", false)
        case let .readlink(path):
            return ("do_readlink(\(literal(path)))", "readlink \(path)", false)
        case let .list(directory):
            return ("do_list(\(literal(directory)))", "list \(directory)", false)
        case let .ioctl(fd, request, argument, fdOffset):
            let name = VFIORequest.name(of: request) ?? hex(request)
            return ("do_ioctl(\(fd), \(name), (unsigned char[]){ \(bytes(argument)) }, \(argument.count), \(fdOffset ?? -1))",
                    "ioctl \(name) on fd \(fd)", false)
        case let .ioctlString(fd, request, string, returned):
            let name = VFIORequest.name(of: request) ?? hex(request)
            return ("do_ioctl_string(\(fd), \(name), \(literal(string)), \(returned ?? -1))", "ioctl \(name) '\(string)' on fd \(fd)", false)
        case let .ioctlValue(fd, request, value):
            let name = VFIORequest.name(of: request) ?? hex(request)
            // CHECK_EXTENSION's and SET_IOMMU's argument by its uapi name.
            let argument = [VFIORequest.checkExtension, VFIORequest.setIOMMU].contains(request)
                ? IOMMUType(rawValue: value).macro ?? String(value) : String(value)
            return ("do_ioctl_value(\(fd), \(name), \(argument))", "ioctl \(name) \(argument) on fd \(fd)", true)
        case let .loadModule(name, path, parameters):
            return ("do_load(\(literal(Self.moduleFile(path))), \(literal(parameters)))", "load \(name)" + (parameters.isEmpty ? "" : " \(parameters)"), false)
        case let .removeModule(name):
            return ("do_remove(\(literal(name)))", "remove \(name)", false)
        case let .dropCapability(number):
            return ("do_drop(\(number))", "drop capability \(number) on this thread", true)
        case let .eventfd(fd):
            return ("do_eventfd(\(fd ?? -1))", "eventfd", false)
        case let .poll(fd, milliseconds):
            return ("do_poll(\(fd), \(milliseconds))", "poll fd \(fd) for input, \(milliseconds) ms at most", true)
        }
    }

    /// A module under /lib/modules/RELEASE/ as a path below it: the running
    /// kernel's tree is searched, since the same source built elsewhere
    /// has another release.
    static func moduleFile(_ path: String) -> String {
        let parts = path.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1] == "lib", parts[2] == "modules",
              let slash = parts[3].firstIndex(of: "/") else { return path }
        return String(parts[3][parts[3].index(after: slash)...])
    }

    private func hex(_ value: UInt) -> String { "0x" + String(value, radix: 16) }

    /// A C initializer's bytes; "0" for none, which C does not allow empty.
    private func bytes(_ bytes: [UInt8]) -> String {
        bytes.isEmpty ? "0" : bytes.map { "0x" + String($0, radix: 16) }.joined(separator: ", ")
    }

    /// A C string literal; the device's address becomes DEVICE, so another machine's device is one -D away.
    private func literal(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        let parts = escaped.split(separator: device, omittingEmptySubsequences: false)
        var tokens: [String] = []
        for (index, part) in parts.enumerated() {
            if !part.isEmpty { tokens.append("\"\(part)\"") }
            if index < parts.count - 1 { tokens.append("DEVICE") }
        }
        return tokens.isEmpty ? "\"\"" : tokens.joined(separator: " ")
    }
}
