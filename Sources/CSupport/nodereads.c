#define _GNU_SOURCE
#include "nodereads.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct reader {
    struct cs_node_read *reads;
    int count, capacity;
    char *text;
    size_t used, size;
    int full;
};

// Appends `length` bytes to the text; its offset, or the size when it did not fit.
static size_t put(struct reader *r, const char *bytes, size_t length) {
    if (r->size - r->used < length + 1) {
        r->full = 1;
        return r->size;
    }
    size_t at = r->used;
    memcpy(r->text + at, bytes, length);
    r->text[at + length] = 0;
    r->used += length + 1;
    return at;
}

// A new read of `a` `b` `c` joined, or NULL when out of room.
static struct cs_node_read *begin(struct reader *r, int kind, const char *a, const char *b, const char *c) {
    if (r->count == r->capacity) {
        r->full = 1;
        return NULL;
    }
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    if (r->size - r->used < la + lb + lc + 1) {
        r->full = 1;
        return NULL;
    }
    struct cs_node_read *call = &r->reads[r->count++];
    // Zeroed whole, padding too: the caller compares reads by their bytes.
    memset(call, 0, sizeof *call);
    call->kind = kind;
    call->path = r->used;
    memcpy(r->text + r->used, a, la);
    memcpy(r->text + r->used + la, b, lb);
    memcpy(r->text + r->used + la + lb, c, lc);
    r->text[r->used + la + lb + lc] = 0;
    r->used += la + lb + lc + 1;
    call->output = r->used;
    return call;
}

static const char *path_of(struct reader *r, const struct cs_node_read *call) { return r->text + call->path; }

// The last component of the link's target, in the text; NULL when there is no link.
static const char *link_name(struct reader *r, const char *directory, const char *link) {
    struct cs_node_read *call = begin(r, CS_NODE_READLINK, directory, link, "");
    if (!call) return NULL;
    char target[4096];
    ssize_t length = readlink(path_of(r, call), target, sizeof target);
    call->answer = length >= 0 ? length : -errno;
    if (length < 0) return NULL;
    call->output = put(r, target, (size_t)length);
    call->output_length = (size_t)length;
    if (r->full) return NULL;
    const char *whole = r->text + call->output;
    const char *slash = strrchr(whole, '/');
    return slash ? slash + 1 : whole;
}

static int exists(struct reader *r, const char *directory, const char *prefix, const char *name) {
    struct cs_node_read *call = begin(r, CS_NODE_ACCESS, directory, prefix, name);
    if (!call) return 0;
    call->answer = access(path_of(r, call), F_OK) == 0 ? 0 : -errno;
    return call->answer == 0;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

// The sorted names, a line each; the first name's offset in the text
// (NUL-terminated, for the next path), or the size when there is none.
static size_t list(struct reader *r, const char *directory, const char *name) {
    struct cs_node_read *call = begin(r, CS_NODE_LIST, directory, name, "");
    if (!call) return r->size;
    call->answer = 0;
    // The names as read, each NUL-terminated, then the listing sorted after them.
    size_t names = r->used;
    int count = 0;
    DIR *stream = opendir(path_of(r, call));
    for (struct dirent *entry; stream && (entry = readdir(stream));) {
        if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) {
            put(r, entry->d_name, strlen(entry->d_name));
            count++;
        }
    }
    if (stream) closedir(stream);
    if (r->full || !count) return r->size;
    const char **sorted = malloc((size_t)count * sizeof *sorted);
    if (!sorted) {
        r->full = 1;
        return r->size;
    }
    for (int i = 0, at = (int)names; i < count; i++, at += (int)strlen(r->text + at) + 1) sorted[i] = r->text + at;
    qsort(sorted, (size_t)count, sizeof *sorted, by_name);
    call->output = r->used;
    for (int i = 0; i < count && !r->full; i++) {
        size_t length = strlen(sorted[i]);
        if (r->size - r->used < length + 1) r->full = 1;
        else {
            memcpy(r->text + r->used, sorted[i], length);
            r->text[r->used + length] = '\n';
            r->used += length + 1;
        }
    }
    call->output_length = r->used - call->output;
    size_t first = (size_t)(sorted[0] - r->text);
    free(sorted);
    return r->full ? r->size : first;
}

static void file(struct reader *r, const char *path) {
    struct cs_node_read *call = begin(r, CS_NODE_FILE, path, "", "");
    if (!call) return;
    int fd = open(path_of(r, call), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        call->answer = -errno;
        return;
    }
    call->output = r->used;
    ssize_t got;
    // A page at a time, as cat reads: procfs allocates (and zeroes) what a read asks for.
    while ((got = read(fd, r->text + r->used, r->size - r->used < 4096 ? r->size - r->used : 4096)) > 0) {
        r->used += (size_t)got;
        if (r->used == r->size) {
            r->full = 1;
            break;
        }
    }
    call->answer = got < 0 ? -errno : (long)(r->used - call->output);
    call->output_length = r->used - call->output;
    close(fd);
}

int cs_read_device_nodes(const struct cs_node_paths *paths, struct cs_node_read *reads, int capacity,
                         char *text, size_t text_size, size_t *used) {
    struct reader r = { .reads = reads, .capacity = capacity, .text = text, .size = text_size };
    // Names point into the text, which later calls only append to.
    link_name(&r, paths->device, "driver");
    const char *group = link_name(&r, paths->device, "iommu_group");
    if (group && !exists(&r, paths->groups, "noiommu-", group)) exists(&r, paths->groups, "", group);
    size_t first = list(&r, paths->device, "vfio-dev");
    if (first != text_size && !exists(&r, paths->cdevs, "", text + first)) exists(&r, paths->cdevs, "noiommu-", text + first);
    for (int i = 0; i < paths->file_count; i++) file(&r, paths->files[i]);
    *used = r.used;
    return r.full ? -ENOSPC : r.count;
}

