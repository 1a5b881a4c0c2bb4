import Host
import Results
import VFIO

/// A cell's kernel calls as one C program a maintainer can build and run on
/// their own machine: libc and the uapi headers only, every call made as
/// the cell made it (in its order, with its arguments, a capability drop on
/// a thread of its own), each answer printed. Before the finding each
/// answer must be the one the cell got (else exit 2: the machine differs);
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
    /// What exits 0 and 1 mean, for the comment at its head.
    var exits = ["Exit 0: every answer as the table expects; 1: the finding reproduced;"]
    /// How long the race part goes on before it gives up.
    static let raceSeconds = 50

    var source: String {
        var main: [String] = [], threads: [String] = []
        let count = race?.at ?? finding?.calls.upperBound ?? records.count
        var index = 0
        while index < count {
            let record = records[index]
            if record.thread != thread, case .dropCapability = record.call {
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
        if let race {
            let (workers, loop) = raceBlock(race)
            threads += workers
            main.append(loop)
        } else if let finding {
            main.append("\tfinding_end(\(literal(finding.step)), \(literal(finding.expected)), \(literal(finding.observed)));\n")
        }
        main.append("\tprintf(\"done: every call answered as in the cell's run\\n\");\n\treturn 0;\n")
        return """
        // Reproducer for \(cell):
        // the \(count) kernel calls the cell made, in order, written by vfio-conformance.
        // Run as root in a disposable VM after the prelude (run.sh): it binds
        // and unbinds DEVICE.
        //   cc -static -O2 -I"$TREE/usr/include" -o repro repro.c
        // (TREE: the kernel under test after `make headers_install`).
        \(exits.map { "// " + $0 }.joined(separator: "\n"))
        // 2: an answer before the finding differed (this machine is not the cell's).
        #define _GNU_SOURCE
        #include <dirent.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <limits.h>
        #include <pthread.h>
        #include <sched.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
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

    /// One call, its answer printed and checked.
    private func line(_ index: Int) -> String {
        let record = records[index]
        let number = index + 1
        let (call, what, exact) = cCall(record.call)
        guard let answer = record.answer else {
            return "\tgot = \(call);\n\treturned(\(number), \(literal(what)), got);\n"
        }
        guard finding?.calls.contains(index) == true else {
            return "\tgot = \(call);\n\tcheck(\(number), \(literal(what)), got, \(answer)L, \(exact ? 1 : 0));\n"
        }
        // The finding's calls are also judged by what they gave back: a read's bytes, an ioctl's struct.
        let output = record.output.map { "(const unsigned char[]){ \(bytes($0)) }, \($0.count)" } ?? "NULL, 0"
        return "\tgot = \(call);\n\tfound(\(number), \(literal(what)), got, \(answer)L, \(exact ? 1 : 0), \(output));\n"
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

    static let helpers = """
    // Descriptor numbers are the cell's; each one a call returns stands for the cell's.
    static int fds[4096];

    static int live(int recorded)
    {
    \tif (recorded < 0 || recorded >= 4096 || !fds[recorded])
    \t\treturn -1;
    \treturn fds[recorded] - 1;
    }

    static long answer(long result)
    {
    \treturn result < 0 ? -errno : result;
    }

    static long keep(long result, int as)
    {
    \tif (result >= 0 && as >= 0 && as < 4096)
    \t\tfds[as] = (int)result + 1;
    \treturn result;
    }

    static __attribute__((unused)) long do_open(const char *path, int flags, int as)
    {
    \treturn keep(answer(open(path, flags | O_CLOEXEC)), as);
    }

    static __attribute__((unused)) long do_close(int recorded)
    {
    \tlong result = answer(close(live(recorded)));

    \tif (recorded >= 0 && recorded < 4096)
    \t\tfds[recorded] = 0;
    \treturn result;
    }

    static __attribute__((unused)) long do_write(const char *path, const char *value)
    {
    \tint fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    \tlong result;

    \tif (fd < 0)
    \t\treturn -errno;
    \tresult = answer(write(fd, value, strlen(value)));
    \tclose(fd);
    \treturn result;
    }

    // What the last read or ioctl gave back, for the finding's calls.
    static unsigned char last_output[4096];
    static size_t last_length;

    static void keep_output(const void *bytes, size_t length)
    {
    \tlast_length = length < sizeof(last_output) ? length : sizeof(last_output);
    \tmemcpy(last_output, bytes, last_length);
    }

    static __attribute__((unused)) long do_read(const char *path)
    {
    \tchar text[4096];
    \tint fd = open(path, O_RDONLY | O_CLOEXEC);
    \tlong result;

    \tif (fd < 0)
    \t\treturn -errno;
    \tresult = answer(read(fd, text, sizeof(text) - 1));
    \tclose(fd);
    \tif (result >= 0) {
    \t\tkeep_output(text, (size_t)result);
    \t\ttext[result] = 0;
    \t\tprintf("    %s: %s%s", path, text, result > 0 && text[result - 1] == '\\n' ? "" : "\\n");
    \t}
    \treturn result;
    }

    static __attribute__((unused)) long do_access(const char *path)
    {
    \treturn answer(access(path, F_OK));
    }

    static __attribute__((unused)) long do_readlink(const char *path)
    {
    \tchar target[PATH_MAX];
    \tlong result = answer(readlink(path, target, sizeof(target) - 1));

    \tif (result >= 0)
    \t\tprintf("    %s -> %.*s\\n", path, (int)result, target);
    \treturn result;
    }

    static __attribute__((unused)) long do_list(const char *directory)
    {
    \tDIR *listing = opendir(directory);
    \tstruct dirent *entry;

    \tif (!listing)
    \t\treturn 0;
    \twhile ((entry = readdir(listing)))
    \t\tif (entry->d_name[0] != '.')
    \t\t\tprintf("    %s/%s\\n", directory, entry->d_name);
    \tclosedir(listing);
    \treturn 0;
    }

    static __attribute__((unused)) long do_ioctl(int recorded, unsigned long request, unsigned char *argument, size_t length, long fd_offset)
    {
    \tint has_fd = fd_offset >= 0 && (size_t)fd_offset + sizeof(int) <= length, inner = -1, mine;

    \tif (has_fd) {
    \t\tmemcpy(&inner, argument + fd_offset, sizeof(inner));
    \t\tmine = live(inner);
    \t\tmemcpy(argument + fd_offset, &mine, sizeof(mine));
    \t}
    \tlong result = answer(ioctl(live(recorded), request, argument));

    \t// What it gave back, in the cell's numbering: the descriptor put back as the cell's.
    \tif (has_fd)
    \t\tmemcpy(argument + fd_offset, &inner, sizeof(inner));
    \tkeep_output(argument, length);
    \treturn result;
    }

    static __attribute__((unused)) long do_ioctl_string(int recorded, unsigned long request, const char *text, int as)
    {
    \treturn keep(answer(ioctl(live(recorded), request, text)), as);
    }

    static __attribute__((unused)) long do_ioctl_value(int recorded, unsigned long request, unsigned long value)
    {
    \treturn answer(ioctl(live(recorded), request, value));
    }

    // A relative file is the running kernel's module, as installed
    // (compressed ones the kernel decompresses itself).
    static __attribute__((unused)) long do_load(const char *file, const char *parameters)
    {
    \tstatic const char *const suffixes[] = { "", ".xz", ".zst", ".gz" };
    \tstruct utsname uts;
    \tchar path[4096];
    \tunsigned int i;
    \tlong result;
    \tint fd = -1;

    \tif (file[0] == '/' || uname(&uts) < 0) {
    \t\tfd = open(file, O_RDONLY | O_CLOEXEC);
    \t\ti = 0;
    \t} else {
    \t\tfor (i = 0; fd < 0 && i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
    \t\t\tsnprintf(path, sizeof(path), "/lib/modules/%s/%s%s", uts.release, file, suffixes[i]);
    \t\t\tfd = open(path, O_RDONLY | O_CLOEXEC);
    \t\t}
    \t\ti--;
    \t}
    \tif (fd < 0)
    \t\treturn -errno;
    \t// MODULE_INIT_COMPRESSED_FILE
    \tresult = answer(syscall(SYS_finit_module, fd, parameters, i ? 4 : 0));
    \tclose(fd);
    \t// modprobe counts a module already loaded as loaded.
    \treturn result == -EEXIST ? 0 : result;
    }

    static __attribute__((unused)) long do_remove(const char *name)
    {
    \treturn answer(syscall(SYS_delete_module, name, O_NONBLOCK));
    }

    // Out of this thread's effective and permitted sets: Linux judges its
    // later calls without the capability, as the cell's thread was judged.
    static __attribute__((unused)) long do_drop(int capability)
    {
    \tstruct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    \tstruct __user_cap_data_struct data[2];

    \tif (syscall(SYS_capget, &header, data))
    \t\treturn -errno;
    \tdata[capability / 32].effective &= ~(1u << (capability % 32));
    \tdata[capability / 32].permitted &= ~(1u << (capability % 32));
    \treturn answer(syscall(SYS_capset, &header, data));
    }

    static const char *said(long value, char *text, size_t size)
    {
    \tif (value < 0)
    \t\tsnprintf(text, size, "%s", strerrorname_np((int)-value) ? strerrorname_np((int)-value) : "an errno");
    \telse
    \t\tsnprintf(text, size, "ok (%ld)", value);
    \treturn text;
    }

    // Alike: both failed with the same errno, or both worked (with the same value when it is a count).
    static int alike(long got, long want, int exact)
    {
    \treturn exact || got < 0 || want < 0 ? got == want : 1;
    }

    static __attribute__((unused)) void check(int call, const char *what, long got, long want, int exact)
    {
    \tchar a[64], b[64];

    \tprintf("%3d %s: %s\\n", call, what, said(got, a, sizeof(a)));
    \tif (!alike(got, want, exact)) {
    \t\tprintf("call %d (%s) answered %s where the cell's run got %s: this machine differs before the finding\\n",
    \t\t       call, what, said(got, a, sizeof(a)), said(want, b, sizeof(b)));
    \t\texit(2);
    \t}
    }

    // In the cell's run this call never returned: the cell hung here.
    static __attribute__((unused)) void returned(int call, const char *what, long got)
    {
    \tchar a[64];

    \tprintf("%3d %s: %s\\n", call, what, said(got, a, sizeof(a)));
    \tprintf("not reproduced: call %d (%s) returned, where in the cell's run it never did (the cell hung there)\\n", call, what);
    \texit(0);
    }

    static int finding_calls, finding_alike;
    static char finding_text[4096];

    static __attribute__((unused)) void found(int call, const char *what, long got, long bad, int exact,
    \t\t\t\t\t\t  const unsigned char *output, size_t length)
    {
    \tchar a[64], b[64];
    \tsize_t used = strlen(finding_text);
    \tint same_output = !output || (last_length == length && !memcmp(last_output, output, length));

    \tprintf("%3d %s: %s (the failing run: %s%s)\\n", call, what, said(got, a, sizeof(a)), said(bad, b, sizeof(b)),
    \t       same_output ? "" : ", and it gave back other bytes");
    \tfinding_calls++;
    \tif (alike(got, bad, exact) && same_output) {
    \t\tfinding_alike++;
    \t\tsnprintf(finding_text + used, sizeof(finding_text) - used, "%scall %d (%s) answered %s", used ? "; " : "", call, what, a);
    \t}
    }

    static __attribute__((unused)) void finding_end(const char *step, const char *expected, const char *observed)
    {
    \tif (finding_calls && finding_alike == finding_calls) {
    \t\tprintf("REPRODUCED: step '%s' expected %s, the cell observed %s: %s\\n", step, expected, observed, finding_text);
    \t\texit(1);
    \t}
    \tprintf("not reproduced: step '%s' answered otherwise than in the failing run (which observed %s)\\n", step, observed);
    \texit(0);
    }

    static int race_arrived, race_alike;

    // Every worker waits here until all are: the round's calls start together.
    static __attribute__((unused)) void race_barrier(int workers)
    {
    \t__atomic_add_fetch(&race_arrived, 1, __ATOMIC_ACQ_REL);
    \twhile (__atomic_load_n(&race_arrived, __ATOMIC_ACQUIRE) < workers)
    \t\tsched_yield();
    }

    static __attribute__((unused)) void race_answer(long got, long want, int exact)
    {
    \tif (!alike(got, want, exact))
    \t\t__atomic_store_n(&race_alike, 0, __ATOMIC_RELAXED);
    }

    static __attribute__((unused)) void start_worker(pthread_t *thread, void *(*body)(void *))
    {
    \tif (pthread_create(thread, NULL, body, NULL)) {
    \t\tprintf("could not start a worker thread\\n");
    \t\texit(2);
    \t}
    }

    static __attribute__((unused)) double seconds_since_start(void)
    {
    \tstatic struct timespec start;
    \tstruct timespec now;

    \tif (!start.tv_sec)
    \t\tclock_gettime(CLOCK_MONOTONIC, &start);
    \tclock_gettime(CLOCK_MONOTONIC, &now);
    \treturn (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
    }

    static __attribute__((unused)) void on_thread(void *(*body)(void *))
    {
    \tpthread_t thread;

    \tif (pthread_create(&thread, NULL, body, NULL) || pthread_join(thread, NULL)) {
    \t\tprintf("could not run a thread\\n");
    \t\texit(2);
    \t}
    }

    """
}
