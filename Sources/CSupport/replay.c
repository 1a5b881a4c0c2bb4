#define _GNU_SOURCE
#include "replay.h"
#include "privilege.h"
#include "csupport.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

// Recorded descriptor -> the replay's own (stored as fd + 1; 0: none open).
// One table for all threads: descriptors open at the same moment have
// distinct numbers, and the barrier orders the rest. A number some recorded
// call returned is the replay's alone: with nothing open for it, calls on it
// get -1, never the harness's descriptor of that number.
#define REPLAY_FDS 4096
static int replay_fds[REPLAY_FDS];
static unsigned char replay_owned[REPLAY_FDS];

// Descriptors a replayed call opened where the recorded one failed: the
// round's end closes them, as the harness closes what its workers held.
#define REPLAY_STRAYS 256
static int strays[REPLAY_STRAYS];
static int stray_count;

static int live_fd(int recorded) {
    if (recorded < 0 || recorded >= REPLAY_FDS) return recorded;
    int mapped = __atomic_load_n(&replay_fds[recorded], __ATOMIC_ACQUIRE);
    if (mapped) return mapped - 1;
    return replay_owned[recorded] ? -1 : recorded;
}

static void opened(int recorded, int fd) {
    if (fd < 0) return;
    if (recorded >= 0 && recorded < REPLAY_FDS) {
        int before = __atomic_exchange_n(&replay_fds[recorded], fd + 1, __ATOMIC_ACQ_REL);
        if (!before) return;
        fd = before - 1;
    }
    int slot = __atomic_fetch_add(&stray_count, 1, __ATOMIC_ACQ_REL);
    if (slot < REPLAY_STRAYS) strays[slot] = fd;
    else close(fd);
}

static void close_strays(void) {
    int count = __atomic_exchange_n(&stray_count, 0, __ATOMIC_ACQ_REL);
    for (int i = 0; i < count && i < REPLAY_STRAYS; i++) close(strays[i]);
}

static void replay_close(int recorded) {
    if (recorded < 0 || recorded >= REPLAY_FDS) return;
    int mapped = __atomic_exchange_n(&replay_fds[recorded], 0, __ATOMIC_ACQ_REL);
    if (mapped) close(mapped - 1);
}

static void own(const struct cs_calls *list) {
    for (size_t i = 0; list && i < list->count; i++) {
        int fd = list->calls[i].returns_fd;
        if (fd >= 0 && fd < REPLAY_FDS) replay_owned[fd] = 1;
    }
}

static void read_whole(const char *path) {
    char buffer[4096];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    while (read(fd, buffer, sizeof buffer) > 0) {}
    close(fd);
}

static void call(const struct cs_call *c) {
    switch (c->kind) {
    case CS_CALL_OPEN:
        opened(c->returns_fd, open(c->text, c->flags | O_CLOEXEC));
        break;
    case CS_CALL_CLOSE:
        replay_close(c->fd);
        break;
    case CS_CALL_WRITE: {
        int fd = open(c->text, O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd >= 0) {
            ssize_t ignored = write(fd, c->value, c->value_length);
            (void)ignored;
            close(fd);
        }
        break;
    }
    case CS_CALL_READ:
        read_whole(c->text);
        break;
    case CS_CALL_ACCESS:
        access(c->text, F_OK);
        break;
    case CS_CALL_READLINK: {
        char target[PATH_MAX];
        ssize_t ignored = readlink(c->text, target, sizeof target);
        (void)ignored;
        break;
    }
    case CS_CALL_LIST: {
        DIR *directory = opendir(c->text);
        if (directory) {
            while (readdir(directory)) {}
            closedir(directory);
        }
        break;
    }
    case CS_CALL_IOCTL: {
        unsigned char argument[512];
        size_t length = c->argument_length < sizeof argument ? c->argument_length : sizeof argument;
        memcpy(argument, c->argument, length);
        if (c->fd_offset >= 0 && (size_t)c->fd_offset + sizeof(int) <= length) {
            int inner;
            memcpy(&inner, argument + c->fd_offset, sizeof inner);
            inner = live_fd(inner);
            memcpy(argument + c->fd_offset, &inner, sizeof inner);
        }
        ioctl(live_fd(c->fd), c->request, argument);
        break;
    }
    case CS_CALL_IOCTL_STRING:
        opened(c->returns_fd, ioctl(live_fd(c->fd), c->request, c->text));
        break;
    case CS_CALL_IOCTL_VALUE:
        ioctl(live_fd(c->fd), c->request, c->int_value);
        break;
    case CS_CALL_LOAD_MODULE: {
        int fd = open(c->file, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            syscall(SYS_finit_module, fd, c->value ? c->value : "", 0);
            close(fd);
        }
        break;
    }
    case CS_CALL_REMOVE_MODULE:
        syscall(SYS_delete_module, c->text, O_NONBLOCK);
        break;
    case CS_CALL_DROP_CAPABILITY:
        cs_drop_capability((int)c->int_value);
        break;
    case CS_CALL_EVENTFD:
        opened(c->returns_fd, eventfd(0, EFD_CLOEXEC));
        break;
    case CS_CALL_POLL: {
        struct pollfd wanted = { .fd = live_fd(c->fd), .events = POLLIN };
        poll(&wanted, 1, (int)c->int_value);
        break;
    }
    }
}

static void calls(const struct cs_calls *list) {
    for (size_t i = 0; list && i < list->count; i++) call(&list->calls[i]);
}

struct crew {
    const struct cs_calls *workers;
    int count;
    long start;     // the round the workers may begin
    long arrived;   // workers at this round's barrier, over all rounds
    long done;      // workers through their calls, over all rounds
    int stop;
};

static void wait_until(long *counter, long target) {
    while (__atomic_load_n(counter, __ATOMIC_ACQUIRE) < target) sched_yield();
}

// One worker's part of round `round`: the barrier, then its calls.
static void turn(struct crew *crew, int index, long round) {
    __atomic_add_fetch(&crew->arrived, 1, __ATOMIC_ACQ_REL);
    wait_until(&crew->arrived, round * crew->count);
    calls(&crew->workers[index]);
    __atomic_add_fetch(&crew->done, 1, __ATOMIC_ACQ_REL);
}

struct seat {
    struct crew *crew;
    int index;
};

static void *serve(void *argument) {
    struct seat *seat = argument;
    cs_keep_on_cpu(seat->index);
    for (long round = 1;; round++) {
        wait_until(&seat->crew->start, round);
        if (__atomic_load_n(&seat->crew->stop, __ATOMIC_ACQUIRE)) return NULL;
        turn(seat->crew, seat->index, round);
    }
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

long cs_replay_rounds(const struct cs_calls *before, const struct cs_calls *workers, int worker_count,
                      const struct cs_calls *after, double seconds, long max_rounds, double *elapsed) {
    struct crew crew = { .workers = workers, .count = worker_count };
    memset(replay_owned, 0, sizeof replay_owned);
    own(before);
    own(after);
    for (int i = 0; i < worker_count; i++) own(&workers[i]);
    struct seat seats[worker_count > 0 ? worker_count : 1];
    pthread_t threads[worker_count > 0 ? worker_count : 1];
    int started = 1, failed = 0;
    for (; started < worker_count; started++) {
        seats[started] = (struct seat){ &crew, started };
        failed = pthread_create(&threads[started], NULL, serve, &seats[started]);
        if (failed) break;
    }
    // On CPUs of their own, as the harness's workers are; this thread's own CPUs are given back after.
    cpu_set_t allowed;
    int kept = !sched_getaffinity(0, sizeof allowed, &allowed) && cs_keep_on_cpu(0) >= 0;
    long round = 0;
    double begin = now();
    while (!failed && now() - begin < seconds && (max_rounds <= 0 || round < max_rounds)) {
        round++;
        calls(before);
        __atomic_store_n(&crew.start, round, __ATOMIC_RELEASE);
        if (worker_count > 0) turn(&crew, 0, round);
        wait_until(&crew.done, round * worker_count);
        calls(after);
        close_strays();
    }
    *elapsed = now() - begin;
    __atomic_store_n(&crew.stop, 1, __ATOMIC_RELEASE);
    __atomic_store_n(&crew.start, round + 1, __ATOMIC_RELEASE);
    for (int i = 1; i < started; i++) pthread_join(threads[i], NULL);
    if (kept) sched_setaffinity(0, sizeof allowed, &allowed);
    // What a round left open is the replay's own: nothing outlives it.
    for (int recorded = 0; recorded < REPLAY_FDS; recorded++) replay_close(recorded);
    return failed ? -failed : round;
}
