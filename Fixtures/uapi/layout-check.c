/*
 * Compiled by the lab against each kernel tree's own vfio.h and iommufd.h,
 * as the tree's scripts/headers_install.sh exports them (cc -fsyntax-only,
 * TREE_HAS_IOMMUFD when the tree has iommufd.h): every field of the harness's own copies of the
 * VFIO and iommufd uapi structs (Sources/CSupport/include/vfio_uapi.h) must
 * sit where the tree's header puts it. A struct the tree does not have yet
 * (the device cdev before 6.6, iommufd before 6.2, the noiommu PA query
 * before its series) is passed over; the harness's copy may be longer than
 * an older tree's struct, since the kernel takes argsz/size from the caller.
 */
#include <stddef.h>
#include "vfio_uapi.h"
#include <linux/vfio.h>

#define AT(ours, theirs, mine, field) \
	_Static_assert(offsetof(struct ours, mine) == offsetof(struct theirs, field), \
		       "struct " #ours "." #mine " is not where the tree's struct " #theirs "." #field " is")
#define SAME(mine, theirs) _Static_assert((mine) == (theirs), #mine " differs from the tree's " #theirs)

AT(cs_vfio_group_status, vfio_group_status, argsz, argsz);
AT(cs_vfio_group_status, vfio_group_status, flags, flags);
AT(cs_vfio_device_info, vfio_device_info, argsz, argsz);
AT(cs_vfio_device_info, vfio_device_info, flags, flags);
AT(cs_vfio_device_info, vfio_device_info, num_regions, num_regions);
AT(cs_vfio_device_info, vfio_device_info, num_irqs, num_irqs);
AT(cs_vfio_device_info, vfio_device_info, cap_offset, cap_offset);

#ifdef VFIO_DEVICE_BIND_IOMMUFD
AT(cs_vfio_device_bind_iommufd, vfio_device_bind_iommufd, argsz, argsz);
AT(cs_vfio_device_bind_iommufd, vfio_device_bind_iommufd, flags, flags);
AT(cs_vfio_device_bind_iommufd, vfio_device_bind_iommufd, iommufd, iommufd);
AT(cs_vfio_device_bind_iommufd, vfio_device_bind_iommufd, out_devid, out_devid);
AT(cs_vfio_device_attach_iommufd_pt, vfio_device_attach_iommufd_pt, argsz, argsz);
AT(cs_vfio_device_attach_iommufd_pt, vfio_device_attach_iommufd_pt, flags, flags);
AT(cs_vfio_device_attach_iommufd_pt, vfio_device_attach_iommufd_pt, pt_id, pt_id);
AT(cs_vfio_device_detach_iommufd_pt, vfio_device_detach_iommufd_pt, argsz, argsz);
AT(cs_vfio_device_detach_iommufd_pt, vfio_device_detach_iommufd_pt, flags, flags);
#endif

#ifdef TREE_HAS_IOMMUFD
#include <linux/iommufd.h>
AT(cs_iommu_ioas_alloc, iommu_ioas_alloc, size, size);
AT(cs_iommu_ioas_alloc, iommu_ioas_alloc, flags, flags);
AT(cs_iommu_ioas_alloc, iommu_ioas_alloc, out_ioas_id, out_ioas_id);
AT(cs_iommu_destroy, iommu_destroy, size, size);
AT(cs_iommu_destroy, iommu_destroy, id, id);
AT(cs_iommu_ioas_map, iommu_ioas_map, size, size);
AT(cs_iommu_ioas_map, iommu_ioas_map, flags, flags);
AT(cs_iommu_ioas_map, iommu_ioas_map, ioas_id, ioas_id);
AT(cs_iommu_ioas_map, iommu_ioas_map, reserved, __reserved);
AT(cs_iommu_ioas_map, iommu_ioas_map, user_va, user_va);
AT(cs_iommu_ioas_map, iommu_ioas_map, length, length);
AT(cs_iommu_ioas_map, iommu_ioas_map, iova, iova);
SAME(CS_IOMMU_IOAS_MAP_FIXED_IOVA, IOMMU_IOAS_MAP_FIXED_IOVA);
SAME(CS_IOMMU_IOAS_MAP_WRITEABLE, IOMMU_IOAS_MAP_WRITEABLE);
SAME(CS_IOMMU_IOAS_MAP_READABLE, IOMMU_IOAS_MAP_READABLE);
AT(cs_iommu_ioas_unmap, iommu_ioas_unmap, size, size);
AT(cs_iommu_ioas_unmap, iommu_ioas_unmap, ioas_id, ioas_id);
AT(cs_iommu_ioas_unmap, iommu_ioas_unmap, iova, iova);
AT(cs_iommu_ioas_unmap, iommu_ioas_unmap, length, length);
#ifdef IOMMU_IOAS_NOIOMMU_GET_PA
AT(cs_iommu_ioas_noiommu_get_pa, iommu_ioas_noiommu_get_pa, size, size);
AT(cs_iommu_ioas_noiommu_get_pa, iommu_ioas_noiommu_get_pa, flags, flags);
AT(cs_iommu_ioas_noiommu_get_pa, iommu_ioas_noiommu_get_pa, ioas_id, ioas_id);
AT(cs_iommu_ioas_noiommu_get_pa, iommu_ioas_noiommu_get_pa, reserved, __reserved);
AT(cs_iommu_ioas_noiommu_get_pa, iommu_ioas_noiommu_get_pa, iova, iova);
AT(cs_iommu_ioas_noiommu_get_pa, iommu_ioas_noiommu_get_pa, length, length);
AT(cs_iommu_ioas_noiommu_get_pa, iommu_ioas_noiommu_get_pa, out_phys, out_phys);
#endif
#endif
