// Reproducer for 7.3.4/iommufd-compat/noiommu/group/set-iommu-after-mode-off:
// the 43 kernel calls the cell made, in order, written by vfio-conformance.
// Run as root in a disposable VM after the prelude (run.sh): it binds
// and unbinds DEVICE.
//   cc -static -O2 -I"$TREE/usr/include" -o repro repro.c
// (TREE: the kernel under test after `make headers_install`).
// Exit 1: step 'SET_IOMMU NOIOMMU after mode off' answered as on iommufd-compat
// (ok), not as on legacy (ENODEV); 0: otherwise;
// 2: an answer before the finding differed (this machine is not the cell's).
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/vfio.h>
#if __has_include(<linux/iommufd.h>)
#include <linux/iommufd.h>
#endif

#ifndef DEVICE
#define DEVICE "0000:00:01.0"
#endif
// How long a race's rounds go on before it gives up.
#ifndef RACE_SECONDS
#define RACE_SECONDS 50
#endif

// Descriptor numbers are the cell's; each one a call returns stands for the cell's.
static int fds[4096];

static int live(int recorded)
{
	if (recorded < 0 || recorded >= 4096 || !fds[recorded])
		return -1;
	return fds[recorded] - 1;
}

static long answer(long result)
{
	return result < 0 ? -errno : result;
}

static long keep(long result, int as)
{
	if (result >= 0 && as >= 0 && as < 4096)
		fds[as] = (int)result + 1;
	return result;
}

static __attribute__((unused)) long do_open(const char *path, int flags, int as)
{
	return keep(answer(open(path, flags | O_CLOEXEC)), as);
}

static __attribute__((unused)) long do_close(int recorded)
{
	long result = answer(close(live(recorded)));

	if (recorded >= 0 && recorded < 4096)
		fds[recorded] = 0;
	return result;
}

static __attribute__((unused)) long do_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	long result;

	if (fd < 0)
		return -errno;
	result = answer(write(fd, value, strlen(value)));
	close(fd);
	return result;
}

// What the last read or ioctl gave back, for the finding's calls.
static unsigned char last_output[4096];
static size_t last_length;

static void keep_output(const void *bytes, size_t length)
{
	last_length = length < sizeof(last_output) ? length : sizeof(last_output);
	memcpy(last_output, bytes, last_length);
}

static __attribute__((unused)) long do_read(const char *path)
{
	char text[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long result;

	if (fd < 0)
		return -errno;
	result = answer(read(fd, text, sizeof(text) - 1));
	close(fd);
	if (result >= 0) {
		keep_output(text, (size_t)result);
		text[result] = 0;
		printf("    %s: %s%s", path, text, result > 0 && text[result - 1] == '\n' ? "" : "\n");
	}
	return result;
}

static __attribute__((unused)) long do_access(const char *path)
{
	return answer(access(path, F_OK));
}

static __attribute__((unused)) long do_readlink(const char *path)
{
	char target[PATH_MAX];
	long result = answer(readlink(path, target, sizeof(target) - 1));

	if (result >= 0)
		printf("    %s -> %.*s\n", path, (int)result, target);
	return result;
}

static __attribute__((unused)) long do_list(const char *directory)
{
	DIR *listing = opendir(directory);
	struct dirent *entry;

	if (!listing)
		return 0;
	while ((entry = readdir(listing)))
		if (entry->d_name[0] != '.')
			printf("    %s/%s\n", directory, entry->d_name);
	closedir(listing);
	return 0;
}

static __attribute__((unused)) long do_ioctl(int recorded, unsigned long request, unsigned char *argument, size_t length, long fd_offset)
{
	int has_fd = fd_offset >= 0 && (size_t)fd_offset + sizeof(int) <= length, inner = -1, mine;

	if (has_fd) {
		memcpy(&inner, argument + fd_offset, sizeof(inner));
		mine = live(inner);
		memcpy(argument + fd_offset, &mine, sizeof(mine));
	}
	long result = answer(ioctl(live(recorded), request, argument));

	// What it gave back, in the cell's numbering: the descriptor put back as the cell's.
	if (has_fd)
		memcpy(argument + fd_offset, &inner, sizeof(inner));
	keep_output(argument, length);
	return result;
}

static __attribute__((unused)) long do_ioctl_string(int recorded, unsigned long request, const char *text, int as)
{
	return keep(answer(ioctl(live(recorded), request, text)), as);
}

static __attribute__((unused)) long do_ioctl_value(int recorded, unsigned long request, unsigned long value)
{
	return answer(ioctl(live(recorded), request, value));
}

// A relative file is the running kernel's module, as installed
// (compressed ones the kernel decompresses itself).
static __attribute__((unused)) long do_load(const char *file, const char *parameters)
{
	static const char *const suffixes[] = { "", ".xz", ".zst", ".gz" };
	struct utsname uts;
	char path[4096];
	unsigned int i;
	long result;
	int fd = -1;

	if (file[0] == '/' || uname(&uts) < 0) {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		i = 0;
	} else {
		for (i = 0; fd < 0 && i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
			snprintf(path, sizeof(path), "/lib/modules/%s/%s%s", uts.release, file, suffixes[i]);
			fd = open(path, O_RDONLY | O_CLOEXEC);
		}
		i--;
	}
	if (fd < 0)
		return -errno;
	// MODULE_INIT_COMPRESSED_FILE
	result = answer(syscall(SYS_finit_module, fd, parameters, i ? 4 : 0));
	close(fd);
	// modprobe counts a module already loaded as loaded.
	return result == -EEXIST ? 0 : result;
}

static __attribute__((unused)) long do_remove(const char *name)
{
	return answer(syscall(SYS_delete_module, name, O_NONBLOCK));
}

// Out of this thread's effective and permitted sets: Linux judges its
// later calls without the capability, as the cell's thread was judged.
static __attribute__((unused)) long do_drop(int capability)
{
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &header, data))
		return -errno;
	data[capability / 32].effective &= ~(1u << (capability % 32));
	data[capability / 32].permitted &= ~(1u << (capability % 32));
	return answer(syscall(SYS_capset, &header, data));
}

static const char *said(long value, char *text, size_t size)
{
	if (value < 0)
		snprintf(text, size, "%s", strerrorname_np((int)-value) ? strerrorname_np((int)-value) : "an errno");
	else
		snprintf(text, size, "ok (%ld)", value);
	return text;
}

// Alike: both failed with the same errno, or both worked (with the same value when it is a count).
static int alike(long got, long want, int exact)
{
	return exact || got < 0 || want < 0 ? got == want : 1;
}

static __attribute__((unused)) void check(int call, const char *what, long got, long want, int exact)
{
	char a[64], b[64];

	printf("%3d %s: %s\n", call, what, said(got, a, sizeof(a)));
	if (!alike(got, want, exact)) {
		printf("call %d (%s) answered %s where the cell's run got %s: this machine differs before the finding\n",
		       call, what, said(got, a, sizeof(a)), said(want, b, sizeof(b)));
		exit(2);
	}
}

// In the cell's run this call never returned: the cell hung here.
static __attribute__((unused)) void returned(int call, const char *what, long got)
{
	char a[64];

	printf("%3d %s: %s\n", call, what, said(got, a, sizeof(a)));
	printf("not reproduced: call %d (%s) returned, where in the cell's run it never did (the cell hung there)\n", call, what);
	exit(0);
}

static int finding_calls, finding_alike;
static char finding_text[4096];

static __attribute__((unused)) void found(int call, const char *what, long got, long bad, int exact,
						  const unsigned char *output, size_t length)
{
	char a[64], b[64];
	size_t used = strlen(finding_text);
	int same_output = !output || (last_length == length && !memcmp(last_output, output, length));

	printf("%3d %s: %s (the failing run: %s%s)\n", call, what, said(got, a, sizeof(a)), said(bad, b, sizeof(b)),
	       same_output ? "" : ", and it gave back other bytes");
	finding_calls++;
	if (alike(got, bad, exact) && same_output) {
		finding_alike++;
		snprintf(finding_text + used, sizeof(finding_text) - used, "%scall %d (%s) answered %s", used ? "; " : "", call, what, a);
	}
}

static __attribute__((unused)) void finding_end(const char *step, const char *expected, const char *observed)
{
	if (finding_calls && finding_alike == finding_calls) {
		printf("REPRODUCED: step '%s' expected %s, the cell observed %s: %s\n", step, expected, observed, finding_text);
		exit(1);
	}
	printf("not reproduced: step '%s' answered otherwise than in the failing run (which observed %s)\n", step, observed);
	exit(0);
}

static int race_arrived, race_alike;

// Every worker waits here until all are: the round's calls start together.
static __attribute__((unused)) void race_barrier(int workers)
{
	__atomic_add_fetch(&race_arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&race_arrived, __ATOMIC_ACQUIRE) < workers)
		sched_yield();
}

static __attribute__((unused)) void race_answer(long got, long want, int exact)
{
	if (!alike(got, want, exact))
		__atomic_store_n(&race_alike, 0, __ATOMIC_RELAXED);
}

static __attribute__((unused)) void start_worker(pthread_t *thread, void *(*body)(void *))
{
	if (pthread_create(thread, NULL, body, NULL)) {
		printf("could not start a worker thread\n");
		exit(2);
	}
}

static __attribute__((unused)) double seconds_since_start(void)
{
	static struct timespec start;
	struct timespec now;

	if (!start.tv_sec)
		clock_gettime(CLOCK_MONOTONIC, &start);
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
}

static __attribute__((unused)) void on_thread(void *(*body)(void *))
{
	pthread_t thread;

	if (pthread_create(&thread, NULL, body, NULL) || pthread_join(thread, NULL)) {
		printf("could not run a thread\n");
		exit(2);
	}
}


int main(void)
{
	long got = 0;

	(void)got;
	got = do_load("kernel/drivers/iommu/generic_pt/fmt/iommu_amdv1.ko", "");
	check(1, "load iommu_amdv1", got, 0L, 0);
	got = do_load("kernel/drivers/iommu/iommufd/iommufd.ko", "");
	check(2, "load iommufd", got, 0L, 0);
	got = do_load("kernel/drivers/vfio/vfio.ko", "enable_unsafe_noiommu_mode=1");
	check(3, "load vfio enable_unsafe_noiommu_mode=1", got, 0L, 0);
	got = do_load("kernel/drivers/iommu/generic_pt/fmt/iommu_amdv1.ko", "");
	check(4, "load iommu_amdv1", got, 0L, 0);
	got = do_load("kernel/drivers/iommu/iommufd/iommufd.ko", "");
	check(5, "load iommufd", got, 0L, 0);
	got = do_load("kernel/drivers/vfio/vfio.ko", "");
	check(6, "load vfio", got, 0L, 0);
	got = do_load("kernel/virt/lib/irqbypass.ko", "");
	check(7, "load irqbypass", got, 0L, 0);
	got = do_load("kernel/drivers/vfio/pci/vfio-pci-core.ko", "");
	check(8, "load vfio_pci_core", got, 0L, 0);
	got = do_load("kernel/drivers/vfio/pci/vfio-pci.ko", "");
	check(9, "load vfio_pci", got, 0L, 0);
	got = do_load("kernel/drivers/iommu/generic_pt/fmt/iommu_amdv1.ko", "");
	check(10, "load iommu_amdv1", got, 0L, 0);
	got = do_load("kernel/drivers/iommu/iommufd/iommufd.ko", "");
	check(11, "load iommufd", got, 0L, 0);
	got = do_list("/dev/vfio");
	check(12, "list /dev/vfio", got, 0L, 0);
	got = do_list("/dev/vfio/vfio");
	check(13, "list /dev/vfio/vfio", got, 0L, 0);
	got = do_access("/sys/bus/pci/devices/" DEVICE);
	check(14, "access /sys/bus/pci/devices/" DEVICE, got, 0L, 0);
	got = do_read("/sys/bus/pci/devices/" DEVICE "/driver_override");
	check(15, "read /sys/bus/pci/devices/" DEVICE "/driver_override", got, 7L, 0);
	got = do_read("/sys/bus/pci/devices/" DEVICE "/vendor");
	check(16, "read /sys/bus/pci/devices/" DEVICE "/vendor", got, 7L, 0);
	got = do_read("/sys/bus/pci/devices/" DEVICE "/device");
	check(17, "read /sys/bus/pci/devices/" DEVICE "/device", got, 7L, 0);
	got = do_readlink("/sys/bus/pci/devices/" DEVICE "/driver");
	check(18, "readlink /sys/bus/pci/devices/" DEVICE "/driver", got, -2L, 0);
	got = do_readlink("/sys/bus/pci/devices/" DEVICE "/iommu_group");
	check(19, "readlink /sys/bus/pci/devices/" DEVICE "/iommu_group", got, -2L, 0);
	got = do_read("/sys/module/vfio/parameters/enable_unsafe_noiommu_mode");
	check(20, "read /sys/module/vfio/parameters/enable_unsafe_noiommu_mode", got, 2L, 0);
	got = do_read("/proc/sys/kernel/tainted");
	check(21, "read /proc/sys/kernel/tainted", got, 3L, 0);
	got = do_access("/sys/bus/pci/devices/" DEVICE);
	check(22, "access /sys/bus/pci/devices/" DEVICE, got, 0L, 0);
	got = do_read("/sys/bus/pci/devices/" DEVICE "/driver_override");
	check(23, "read /sys/bus/pci/devices/" DEVICE "/driver_override", got, 7L, 0);
	got = do_read("/sys/bus/pci/devices/" DEVICE "/vendor");
	check(24, "read /sys/bus/pci/devices/" DEVICE "/vendor", got, 7L, 0);
	got = do_read("/sys/bus/pci/devices/" DEVICE "/device");
	check(25, "read /sys/bus/pci/devices/" DEVICE "/device", got, 7L, 0);
	got = do_readlink("/sys/bus/pci/devices/" DEVICE "/driver");
	check(26, "readlink /sys/bus/pci/devices/" DEVICE "/driver", got, -2L, 0);
	got = do_readlink("/sys/bus/pci/devices/" DEVICE "/iommu_group");
	check(27, "readlink /sys/bus/pci/devices/" DEVICE "/iommu_group", got, -2L, 0);
	got = do_write("/sys/bus/pci/devices/" DEVICE "/driver_override", "vfio-pci");
	check(28, "write 'vfio-pci' to /sys/bus/pci/devices/" DEVICE "/driver_override", got, 8L, 0);
	got = do_readlink("/sys/bus/pci/devices/" DEVICE "/driver");
	check(29, "readlink /sys/bus/pci/devices/" DEVICE "/driver", got, -2L, 0);
	got = do_write("/sys/bus/pci/drivers_probe", DEVICE);
	check(30, "write '" DEVICE "' to /sys/bus/pci/drivers_probe", got, 12L, 0);
	got = do_readlink("/sys/bus/pci/devices/" DEVICE "/driver");
	check(31, "readlink /sys/bus/pci/devices/" DEVICE "/driver", got, 33L, 0);
	got = do_access("/sys/bus/pci/devices/" DEVICE);
	check(32, "access /sys/bus/pci/devices/" DEVICE, got, 0L, 0);
	got = do_read("/sys/bus/pci/devices/" DEVICE "/driver_override");
	check(33, "read /sys/bus/pci/devices/" DEVICE "/driver_override", got, 9L, 0);
	got = do_read("/sys/bus/pci/devices/" DEVICE "/vendor");
	check(34, "read /sys/bus/pci/devices/" DEVICE "/vendor", got, 7L, 0);
	got = do_read("/sys/bus/pci/devices/" DEVICE "/device");
	check(35, "read /sys/bus/pci/devices/" DEVICE "/device", got, 7L, 0);
	got = do_readlink("/sys/bus/pci/devices/" DEVICE "/driver");
	check(36, "readlink /sys/bus/pci/devices/" DEVICE "/driver", got, 33L, 0);
	got = do_readlink("/sys/bus/pci/devices/" DEVICE "/iommu_group");
	check(37, "readlink /sys/bus/pci/devices/" DEVICE "/iommu_group", got, 30L, 0);
	got = do_access("/dev/vfio/noiommu-0");
	check(38, "access /dev/vfio/noiommu-0", got, 0L, 0);
	got = do_open("/dev/vfio/noiommu-0", 2, 7);
	check(39, "open /dev/vfio/noiommu-0", got, 7L, 0);
	got = do_open("/dev/vfio/vfio", 2, 8);
	check(40, "open /dev/vfio/vfio", got, 8L, 0);
	got = do_ioctl(7, VFIO_GROUP_SET_CONTAINER, (unsigned char[]){ 0x8, 0x0, 0x0, 0x0 }, 4, 0);
	check(41, "ioctl VFIO_GROUP_SET_CONTAINER on fd 7", got, 0L, 0);
	got = do_write("/sys/module/vfio/parameters/enable_unsafe_noiommu_mode", "0");
	check(42, "write '0' to /sys/module/vfio/parameters/enable_unsafe_noiommu_mode", got, 1L, 0);
	got = do_ioctl_value(8, VFIO_SET_IOMMU, VFIO_NOIOMMU_IOMMU);
	found(43, "ioctl VFIO_SET_IOMMU VFIO_NOIOMMU_IOMMU on fd 8", got, 0L, 1, NULL, 0);
	finding_end("SET_IOMMU NOIOMMU after mode off", "ENODEV (the legacy variant's answer)", "ok");
	printf("done: every call answered as in the cell's run\n");
	return 0;
}
