#ifndef VFIO_CONFORMANCE_VFIO_UAPI_H
#define VFIO_CONFORMANCE_VFIO_UAPI_H
// Our own copies of the VFIO and iommufd uapi structs the harness passes to
// ioctl, so the build needs no kernel headers and a header older than the
// kernel under test cannot change a layout behind our back. Layouts follow
// include/uapi/linux/vfio.h and iommufd.h (Linux 6.12); the size asserts pin
// them, since the kernel validates argsz/size against exactly these sizes.
// The numbers below are copies too; the lab compiles Fixtures/uapi/
// layout-check.c against each tree's headers, which compares both.
#include <stdint.h>

// ioctl requests: both families are _IO(';', nr) with no size or direction
// bits (the structs carry argsz/size), VFIO from 100, iommufd from 0x80.
#define CS_VFIO_GET_API_VERSION 0x3B64
#define CS_VFIO_CHECK_EXTENSION 0x3B65
#define CS_VFIO_SET_IOMMU 0x3B66
#define CS_VFIO_GROUP_GET_STATUS 0x3B67
#define CS_VFIO_GROUP_SET_CONTAINER 0x3B68
#define CS_VFIO_GROUP_UNSET_CONTAINER 0x3B69
#define CS_VFIO_GROUP_GET_DEVICE_FD 0x3B6A
#define CS_VFIO_DEVICE_GET_INFO 0x3B6B
#define CS_VFIO_DEVICE_SET_IRQS 0x3B6E
#define CS_VFIO_DEVICE_RESET 0x3B6F
#define CS_VFIO_DEVICE_BIND_IOMMUFD 0x3B76
#define CS_VFIO_DEVICE_ATTACH_IOMMUFD_PT 0x3B77
#define CS_VFIO_DEVICE_DETACH_IOMMUFD_PT 0x3B78
#define CS_IOMMUFD_TYPE 0x3B00
#define CS_IOMMU_DESTROY 0x3B80
#define CS_IOMMU_IOAS_ALLOC 0x3B81
#define CS_IOMMU_IOAS_MAP 0x3B85
#define CS_IOMMU_IOAS_UNMAP 0x3B86

// VFIO_CHECK_EXTENSION / VFIO_SET_IOMMU arguments.
#define CS_VFIO_TYPE1_IOMMU 1
#define CS_VFIO_SPAPR_TCE_IOMMU 2
#define CS_VFIO_TYPE1v2_IOMMU 3
#define CS_VFIO_DMA_CC_IOMMU 4
#define CS_VFIO_EEH 5
#define CS_VFIO_TYPE1_NESTING_IOMMU 6
#define CS_VFIO_SPAPR_TCE_v2_IOMMU 7
#define CS_VFIO_NOIOMMU_IOMMU 8

// VFIO_GROUP_GET_STATUS flags.
#define CS_VFIO_GROUP_FLAGS_VIABLE (1u << 0)
#define CS_VFIO_GROUP_FLAGS_CONTAINER_SET (1u << 1)

// VFIO_DEVICE_GET_INFO flags.
#define CS_VFIO_DEVICE_FLAGS_RESET (1u << 0)
#define CS_VFIO_DEVICE_FLAGS_PCI (1u << 1)
#define CS_VFIO_DEVICE_FLAGS_PLATFORM (1u << 2)
#define CS_VFIO_DEVICE_FLAGS_AMBA (1u << 3)
#define CS_VFIO_DEVICE_FLAGS_CCW (1u << 4)
#define CS_VFIO_DEVICE_FLAGS_AP (1u << 5)
#define CS_VFIO_DEVICE_FLAGS_FSL_MC (1u << 6)
#define CS_VFIO_DEVICE_FLAGS_CAPS (1u << 7)
#define CS_VFIO_DEVICE_FLAGS_CDX (1u << 8)

/// VFIO_GROUP_GET_STATUS
struct cs_vfio_group_status {
    uint32_t argsz;
    uint32_t flags;
};

/// VFIO_DEVICE_GET_INFO
struct cs_vfio_device_info {
    uint32_t argsz;
    uint32_t flags;
    uint32_t num_regions;
    uint32_t num_irqs;
    uint32_t cap_offset;
    uint32_t pad;
};

// VFIO_DEVICE_SET_IRQS: the data an irq set carries, what it does, and
// vfio-pci's index of the device request channel (an eventfd the driver
// signals when it wants the device back, as on unbind).
#define CS_VFIO_IRQ_SET_DATA_EVENTFD (1u << 2)
#define CS_VFIO_IRQ_SET_ACTION_TRIGGER (1u << 5)
#define CS_VFIO_PCI_REQ_IRQ_INDEX 4

/// VFIO_DEVICE_SET_IRQS with one eventfd as its data (count 1): the uapi
/// struct ends in a flexible array, here the one descriptor it holds.
struct cs_vfio_irq_set_eventfd {
    uint32_t argsz;
    uint32_t flags;
    uint32_t index;
    uint32_t start;
    uint32_t count;
    int32_t eventfd;
};

/// VFIO_DEVICE_BIND_IOMMUFD
struct cs_vfio_device_bind_iommufd {
    uint32_t argsz;
    uint32_t flags;
    int32_t iommufd;
    uint32_t out_devid;
};

/// VFIO_DEVICE_ATTACH_IOMMUFD_PT
struct cs_vfio_device_attach_iommufd_pt {
    uint32_t argsz;
    uint32_t flags;
    uint32_t pt_id;
};

/// VFIO_DEVICE_DETACH_IOMMUFD_PT
struct cs_vfio_device_detach_iommufd_pt {
    uint32_t argsz;
    uint32_t flags;
};

/// IOMMU_IOAS_ALLOC
struct cs_iommu_ioas_alloc {
    uint32_t size;
    uint32_t flags;
    uint32_t out_ioas_id;
};

/// IOMMU_DESTROY
struct cs_iommu_destroy {
    uint32_t size;
    uint32_t id;
};

/// IOMMU_IOAS_MAP; flags below.
struct cs_iommu_ioas_map {
    uint32_t size;
    uint32_t flags;
    uint32_t ioas_id;
    uint32_t reserved;
    uint64_t user_va __attribute__((aligned(8)));
    uint64_t length __attribute__((aligned(8)));
    uint64_t iova __attribute__((aligned(8)));
};
#define CS_IOMMU_IOAS_MAP_FIXED_IOVA (1u << 0)
#define CS_IOMMU_IOAS_MAP_WRITEABLE (1u << 1)
#define CS_IOMMU_IOAS_MAP_READABLE (1u << 2)

/// IOMMU_IOAS_UNMAP; length is in and out (bytes unmapped).
struct cs_iommu_ioas_unmap {
    uint32_t size;
    uint32_t ioas_id;
    uint64_t iova __attribute__((aligned(8)));
    uint64_t length __attribute__((aligned(8)));
};

/// IOMMU_IOAS_NOIOMMU_GET_PA (the noiommu cdev series; IOMMU_IOAS_GET_PA in
/// its early versions). length is a cap in (0: none) and the contiguous
/// length from out_phys out.
struct cs_iommu_ioas_noiommu_get_pa {
    uint32_t size;
    uint32_t flags;
    uint32_t ioas_id;
    uint32_t reserved;
    uint64_t iova __attribute__((aligned(8)));
    uint64_t length __attribute__((aligned(8)));
    uint64_t out_phys __attribute__((aligned(8)));
};

_Static_assert(sizeof(struct cs_iommu_ioas_map) == 40, "iommu_ioas_map");
_Static_assert(sizeof(struct cs_iommu_ioas_unmap) == 24, "iommu_ioas_unmap");
_Static_assert(sizeof(struct cs_iommu_ioas_noiommu_get_pa) == 40, "iommu_ioas_noiommu_get_pa");
_Static_assert(sizeof(struct cs_vfio_group_status) == 8, "vfio_group_status");
_Static_assert(sizeof(struct cs_vfio_device_info) == 24, "vfio_device_info");
_Static_assert(sizeof(struct cs_vfio_irq_set_eventfd) == 24, "vfio_irq_set with one eventfd");
_Static_assert(sizeof(struct cs_vfio_device_bind_iommufd) == 16, "vfio_device_bind_iommufd");
_Static_assert(sizeof(struct cs_vfio_device_attach_iommufd_pt) == 12, "vfio_device_attach_iommufd_pt");
_Static_assert(sizeof(struct cs_vfio_device_detach_iommufd_pt) == 8, "vfio_device_detach_iommufd_pt");
_Static_assert(sizeof(struct cs_iommu_ioas_alloc) == 12, "iommu_ioas_alloc");
_Static_assert(sizeof(struct cs_iommu_destroy) == 8, "iommu_destroy");

#endif
