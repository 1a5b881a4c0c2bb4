#ifndef VFIO_CONFORMANCE_CSUPPORT_H
#define VFIO_CONFORMANCE_CSUPPORT_H
// The few C calls Swift cannot make directly: variadic ioctl and syscall,
// and zlib's gz reader for /proc/config.gz.
#include <stddef.h>
#include <sys/types.h>

// Named here as well as by the umbrella directory: a module cache built
// before a header was added is then rebuilt instead of missing it.
#include "replay.h"
#include "nodereads.h"

/// ioctl with a pointer argument; returns -1 and leaves errno as the kernel set it.
int cs_ioctl_ptr(int fd, unsigned long request, void *arg);
/// ioctl with an integer argument (VFIO_CHECK_EXTENSION, VFIO_SET_IOMMU, ...).
int cs_ioctl_int(int fd, unsigned long request, unsigned long arg);

/// The calling thread's kernel id (what /proc/self/task/ lists), which glibc's header hides from Swift.
int cs_gettid(void);

/// eventfd(0, EFD_CLOEXEC): Glibc's module map leaves out sys/eventfd.h.
int cs_eventfd(void);

/// Keeps the calling thread on the `n`th CPU (modulo their count) of those
/// it may run on now; that CPU, or -errno.
int cs_keep_on_cpu(int n);

/// Reads a whole gzip file into a malloc'd buffer. Returns NULL and sets errno on failure.
char *cs_gunzip_file(const char *path, size_t *length);

#endif
