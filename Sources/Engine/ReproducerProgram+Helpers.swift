extension ReproducerProgram {
    /// The C every reproducer carries before its calls: one helper per kind
    /// of recorded call, each giving the kernel's answer as -errno.
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

    static __attribute__((unused)) int by_name(const void *a, const void *b)
    {
    \treturn strcmp(*(char *const *)a, *(char *const *)b);
    }

    // Gives back the names sorted, one a line, as the cell's listing did; a missing directory has none.
    static __attribute__((unused)) long do_list(const char *directory)
    {
    \tDIR *listing = opendir(directory);
    \tstruct dirent *entry;
    \tchar *names[512], text[4096];
    \tsize_t count = 0, used = 0;

    \twhile (listing && (entry = readdir(listing)) && count < 512)
    \t\tif (strcmp(entry->d_name, ".") && strcmp(entry->d_name, ".."))
    \t\t\tnames[count++] = strdup(entry->d_name);
    \tif (listing)
    \t\tclosedir(listing);
    \tqsort(names, count, sizeof(names[0]), by_name);
    \tfor (size_t i = 0; i < count; i++) {
    \t\tprintf("    %s/%s\\n", directory, names[i]);
    \t\tif (used < sizeof(text))
    \t\t\tused += (size_t)snprintf(text + used, sizeof(text) - used, "%s\\n", names[i]);
    \t\tfree(names[i]);
    \t}
    \tkeep_output(text, used < sizeof(text) ? used : sizeof(text));
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

    static __attribute__((unused)) long do_eventfd(int as)
    {
    \treturn keep(answer(eventfd(0, EFD_CLOEXEC)), as);
    }

    // 1 once the descriptor is readable, 0 at the timeout.
    static __attribute__((unused)) long do_poll(int recorded, int milliseconds)
    {
    \tstruct pollfd wanted = { .fd = live(recorded), .events = POLLIN };

    \treturn answer(poll(&wanted, 1, milliseconds));
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

    // A read before the finding: another answer says the machine differs here, and the program goes on.
    static __attribute__((unused)) void noted(int call, const char *what, long got, long want, int exact)
    {
    \tchar a[64], b[64];

    \tprintf("%3d %s: %s%s%s%s\\n", call, what, said(got, a, sizeof(a)), alike(got, want, exact) ? "" : " (the cell's run: ",
    \t       alike(got, want, exact) ? "" : said(want, b, sizeof(b)), alike(got, want, exact) ? "" : ")");
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
    static char finding_text[4096], finding_other[512];

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
    \t} else if (!finding_other[0]) {
    \t\tsnprintf(finding_other, sizeof(finding_other), "call %d (%s) answered %s%s, the failing run %s", call, what, a,
    \t\t\t same_output ? "" : " with other bytes", b);
    \t}
    }

    // What is still open is closed at the end, as the harness closes what a
    // cell left open: an unbind still waiting on another thread waits for it,
    // and a process with that thread stuck in the kernel could not exit.
    static void close_all(void)
    {
    \tfor (int i = 0; i < 4096; i++)
    \t\tif (fds[i]) {
    \t\t\tclose(fds[i] - 1);
    \t\t\tfds[i] = 0;
    \t\t}
    }

    static __attribute__((unused)) void finding_end(const char *step, const char *expected, const char *observed)
    {
    \tclose_all();
    \tif (finding_calls && finding_alike == finding_calls) {
    \t\tprintf("REPRODUCED: step '%s' expected %s, the cell observed %s: %s\\n", step, expected, observed, finding_text);
    \t\texit(1);
    \t}
    \tprintf("not reproduced: step '%s' answered otherwise than in the failing run (which observed %s): first %s\\n", step, observed, finding_other);
    \texit(0);
    }

    // A call the cell made while its next ones went on: started on a thread,
    // given time to enter the kernel (the cell's next call came after a wait).
    static volatile int in_call;

    static __attribute__((unused)) void after_call_began(void)
    {
    \tstruct timespec pause = { 0, 200 * 1000 * 1000 };

    \twhile (!__atomic_load_n(&in_call, __ATOMIC_ACQUIRE))
    \t\tsched_yield();
    \tnanosleep(&pause, NULL);
    }

    // Where the cell's call answered. A read is noted once it is done, so one
    // noted before that point may be what frees the call: wait 2 s at most.
    static __attribute__((unused)) void join_call(pthread_t thread, int seconds)
    {
    \tstruct timespec deadline;

    \tclock_gettime(CLOCK_REALTIME, &deadline);
    \tdeadline.tv_sec += seconds;
    \tpthread_timedjoin_np(thread, NULL, &deadline);
    }

    // The call that hung the cell until the cell let go of the kernel: how
    // long it was in the kernel here (-1: it still is).
    static double slow_took = -1;
    static char slow_text[512];
    static int slow_reproduced;

    static __attribute__((unused)) void slow_end(int call, const char *what, int seconds)
    {
    \tdouble took;

    \t__atomic_load(&slow_took, &took, __ATOMIC_ACQUIRE);
    \tslow_reproduced = took < 0 || took >= seconds;
    \tif (took < 0)
    \t\tsnprintf(slow_text, sizeof(slow_text), "call %d (%s) is still in the kernel", call, what);
    \telse
    \t\tsnprintf(slow_text, sizeof(slow_text), "call %d (%s) was in the kernel %.1f s", call, what, took);
    \tprintf("%s; the cell called it a hang after %d s\\n", slow_text, seconds);
    }

    static __attribute__((unused)) int slow_verdict(void)
    {
    \tprintf("%s: %s\\n", slow_reproduced ? "REPRODUCED" : "not reproduced", slow_text);
    \treturn slow_reproduced;
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

    static __attribute__((unused)) double monotonic_seconds(void)
    {
    \tstruct timespec now;

    \tclock_gettime(CLOCK_MONOTONIC, &now);
    \treturn (double)now.tv_sec + (double)now.tv_nsec / 1e9;
    }

    // A guest runs this within a second of booting, when the clock's seconds
    // are still 0: the start is marked apart from the time it holds.
    static __attribute__((unused)) double seconds_since_start(void)
    {
    \tstatic double start = -1;

    \tif (start < 0)
    \t\tstart = monotonic_seconds();
    \treturn monotonic_seconds() - start;
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
