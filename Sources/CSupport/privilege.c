#include "privilege.h"
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int cs_has_capability(int capability) {
    if (capability < 0 || capability >= 32 * _LINUX_CAPABILITY_U32S_3) { errno = EINVAL; return -1; }
    struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    return (data[capability / 32].effective >> (capability % 32)) & 1;
}

int cs_drop_capability(int capability) {
    if (capability < 0 || capability >= 32 * _LINUX_CAPABILITY_U32S_3) { errno = EINVAL; return -1; }
    // The bounding set first: dropping it needs CAP_SETPCAP, which capset
    // below could be removing.
    if (prctl(PR_CAPBSET_DROP, (unsigned long)capability, 0UL, 0UL, 0UL) != 0) return -1;
    struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    __u32 keep = ~(1u << (capability % 32));
    struct __user_cap_data_struct *word = &data[capability / 32];
    word->effective &= keep;
    word->permitted &= keep;
    word->inheritable &= keep;
    return (int)syscall(SYS_capset, &header, data);
}
