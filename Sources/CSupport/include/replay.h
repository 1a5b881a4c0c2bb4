#ifndef VFIO_CONFORMANCE_REPLAY_H
#define VFIO_CONFORMANCE_REPLAY_H
// A race's recorded round made again from C with nothing between the
// calls: the yardstick the harness's own rounds are timed against.
#include <stddef.h>

enum cs_call_kind {
    CS_CALL_OPEN, CS_CALL_CLOSE, CS_CALL_WRITE, CS_CALL_READ, CS_CALL_ACCESS, CS_CALL_READLINK,
    CS_CALL_LIST, CS_CALL_IOCTL, CS_CALL_IOCTL_STRING, CS_CALL_IOCTL_VALUE, CS_CALL_LOAD_MODULE,
    CS_CALL_REMOVE_MODULE, CS_CALL_DROP_CAPABILITY, CS_CALL_EVENTFD, CS_CALL_POLL,
};

/// One call as the harness made it. Descriptors are the harness's numbers:
/// one a replayed call returned stands for the one the recorded call did.
struct cs_call {
    int kind;
    /// The path, directory, module name or ioctl string.
    const char *text;
    /// A write's bytes; a module's parameters.
    const char *value;
    size_t value_length;
    /// A module's file.
    const char *file;
    int flags;
    /// The descriptor the call is made on.
    int fd;
    /// The descriptor the recorded call returned, -1 if none.
    int returns_fd;
    unsigned long request;
    const unsigned char *argument;
    size_t argument_length;
    /// Where a descriptor sits in `argument`, -1 if nowhere.
    long fd_offset;
    unsigned long int_value;
};

struct cs_calls {
    const struct cs_call *calls;
    size_t count;
};

/// Round after round for at most `seconds` (and `max_rounds` if above 0):
/// `before` on this thread, then the workers' calls at once, worker 0 on
/// this thread and the others on threads of their own, all released from
/// one barrier, then `after` here. A close is made only of a descriptor
/// the replay opened itself. Returns the rounds made and their time in
/// `elapsed`, or -errno when a thread could not be started.
long cs_replay_rounds(const struct cs_calls *before, const struct cs_calls *workers, int worker_count,
                      const struct cs_calls *after, double seconds, long max_rounds, double *elapsed);

#endif
