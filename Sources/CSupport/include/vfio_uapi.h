#ifndef VFIO_CONFORMANCE_VFIO_UAPI_H
#define VFIO_CONFORMANCE_VFIO_UAPI_H
// Our own copies of the VFIO and iommufd uapi structs the harness passes to
// ioctl, so the build needs no kernel headers and a header older than the
// kernel under test cannot change a layout behind our back. Layouts follow
// include/uapi/linux/vfio.h and iommufd.h (Linux 6.12); the size asserts pin
// them, since the kernel validates argsz/size against exactly these sizes.
#include <stdint.h>

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
_Static_assert(sizeof(struct cs_vfio_device_bind_iommufd) == 16, "vfio_device_bind_iommufd");
_Static_assert(sizeof(struct cs_vfio_device_attach_iommufd_pt) == 12, "vfio_device_attach_iommufd_pt");
_Static_assert(sizeof(struct cs_vfio_device_detach_iommufd_pt) == 8, "vfio_device_detach_iommufd_pt");
_Static_assert(sizeof(struct cs_iommu_ioas_alloc) == 12, "iommu_ioas_alloc");
_Static_assert(sizeof(struct cs_iommu_destroy) == 8, "iommu_destroy");

#endif
