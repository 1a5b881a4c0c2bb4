#ifndef VFIO_CONFORMANCE_NODEREADS_H
#define VFIO_CONFORMANCE_NODEREADS_H
// What a device's VFIO nodes say, read in one call: a race reads it after
// every round, and under TCG the Swift around each of its syscalls cost
// as much as the syscall itself.
#include <stddef.h>

enum cs_node_read_kind { CS_NODE_READLINK, CS_NODE_ACCESS, CS_NODE_LIST, CS_NODE_FILE };

/// One call made, as SysFile would have noted it: `path` and `output` are
/// offsets into the caller's text buffer (the path NUL-terminated; the
/// output a link's target, a listing's sorted names a line each, or a
/// file's bytes).
struct cs_node_read {
    int kind;
    /// readlink: the target's length; access: 0; list: 0; file: its length; else -errno.
    long answer;
    size_t path;
    size_t output;
    size_t output_length;
};

/// The directories are given with a trailing "/".
struct cs_node_paths {
    /// The device's sysfs directory: its driver and iommu_group links, its vfio-dev entries.
    const char *device;
    /// /dev/vfio/: the group's node, noiommu-G looked for before G.
    const char *groups;
    /// /dev/vfio/devices/: the node of the first vfio-dev entry N, N before noiommu-N.
    const char *cdevs;
    /// Read whole, after the nodes.
    const char *const *files;
    int file_count;
};

/// Makes the calls in that order (readlink driver, readlink iommu_group,
/// the group node, the vfio-dev listing, the cdev node, the files), each
/// into `reads`, and the bytes of `text` they filled into `used`. Returns
/// how many were made, or -ENOSPC when `reads` or `text` is too small for them.
int cs_read_device_nodes(const struct cs_node_paths *paths, struct cs_node_read *reads, int capacity,
                         char *text, size_t text_size, size_t *used);

#endif
