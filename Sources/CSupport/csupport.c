#include "csupport.h"
#include <errno.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

int cs_ioctl_ptr(int fd, unsigned long request, void *arg) { return ioctl(fd, request, arg); }

int cs_ioctl_int(int fd, unsigned long request, unsigned long arg) { return ioctl(fd, request, arg); }

int cs_gettid(void) { return (int)syscall(SYS_gettid); }

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
