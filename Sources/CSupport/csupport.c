#define _GNU_SOURCE
#include "csupport.h"
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

int cs_ioctl_ptr(int fd, unsigned long request, void *arg) { return ioctl(fd, request, arg); }

int cs_ioctl_int(int fd, unsigned long request, unsigned long arg) { return ioctl(fd, request, arg); }

// Asked for every recorded call: one syscall a thread, not one a call.
// Nothing here forks (a child would keep its parent's id).
int cs_gettid(void) {
    static __thread int tid;
    if (!tid) tid = (int)syscall(SYS_gettid);
    return tid;
}

char *cs_gunzip_file(const char *path, size_t *length) {
    gzFile file = gzopen(path, "rb");
    if (!file) return NULL;
    size_t capacity = 1 << 16, used = 0;
    char *buffer = malloc(capacity);
    for (;;) {
        if (!buffer) { gzclose(file); errno = ENOMEM; return NULL; }
        int n = gzread(file, buffer + used, (unsigned)(capacity - used));
        if (n < 0) { free(buffer); gzclose(file); errno = EIO; return NULL; }
        if (n == 0) break;
        used += (size_t)n;
        if (used == capacity) {
            capacity *= 2;
            char *grown = realloc(buffer, capacity);
            if (!grown) free(buffer);
            buffer = grown;
        }
    }
    gzclose(file);
    *length = used;
    return buffer;
}

int cs_eventfd(void) { return eventfd(0, EFD_CLOEXEC); }

int cs_keep_on_cpu(int n) {
    cpu_set_t allowed, one;
    if (sched_getaffinity(0, sizeof allowed, &allowed)) return -errno;
    int count = CPU_COUNT(&allowed);
    if (!count) return -EINVAL;
    for (int cpu = 0, seen = 0; cpu < CPU_SETSIZE; cpu++) {
        if (!CPU_ISSET(cpu, &allowed) || seen++ != n % count) continue;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        return sched_setaffinity(0, sizeof one, &one) ? -errno : cpu;
    }
    return -EINVAL;
}
