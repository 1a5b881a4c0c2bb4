#ifndef VFIO_CONFORMANCE_PRIVILEGE_H
#define VFIO_CONFORMANCE_PRIVILEGE_H
// capset(2) has no glibc wrapper and prctl(2) is variadic: neither is
// callable from Swift directly.

/// Drops one capability from the bounding set and from the effective,
/// permitted and inheritable sets of the calling thread. Returns 0, or -1
/// with errno as the kernel set it (EPERM without CAP_SETPCAP, EINVAL for an
/// unknown capability).
int cs_drop_capability(int capability);
/// 1 when the calling thread's effective set holds `capability`, 0 when
/// not, -1 with errno.
int cs_has_capability(int capability);

#endif
