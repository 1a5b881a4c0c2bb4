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

SAME(CS_VFIO_GET_API_VERSION, VFIO_GET_API_VERSION);
SAME(CS_VFIO_CHECK_EXTENSION, VFIO_CHECK_EXTENSION);
SAME(CS_VFIO_SET_IOMMU, VFIO_SET_IOMMU);
SAME(CS_VFIO_GROUP_GET_STATUS, VFIO_GROUP_GET_STATUS);
SAME(CS_VFIO_GROUP_SET_CONTAINER, VFIO_GROUP_SET_CONTAINER);
SAME(CS_VFIO_GROUP_UNSET_CONTAINER, VFIO_GROUP_UNSET_CONTAINER);
SAME(CS_VFIO_GROUP_GET_DEVICE_FD, VFIO_GROUP_GET_DEVICE_FD);
SAME(CS_VFIO_DEVICE_GET_INFO, VFIO_DEVICE_GET_INFO);
SAME(CS_VFIO_DEVICE_RESET, VFIO_DEVICE_RESET);
SAME(CS_VFIO_DEVICE_SET_IRQS, VFIO_DEVICE_SET_IRQS);
SAME(CS_VFIO_IRQ_SET_DATA_EVENTFD, VFIO_IRQ_SET_DATA_EVENTFD);
SAME(CS_VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_ACTION_TRIGGER);
SAME(CS_VFIO_PCI_REQ_IRQ_INDEX, VFIO_PCI_REQ_IRQ_INDEX);
SAME(CS_VFIO_TYPE1_IOMMU, VFIO_TYPE1_IOMMU);
SAME(CS_VFIO_SPAPR_TCE_IOMMU, VFIO_SPAPR_TCE_IOMMU);
SAME(CS_VFIO_TYPE1v2_IOMMU, VFIO_TYPE1v2_IOMMU);
SAME(CS_VFIO_DMA_CC_IOMMU, VFIO_DMA_CC_IOMMU);
SAME(CS_VFIO_EEH, VFIO_EEH);
#ifdef VFIO_TYPE1_NESTING_IOMMU
SAME(CS_VFIO_TYPE1_NESTING_IOMMU, VFIO_TYPE1_NESTING_IOMMU);
#endif
SAME(CS_VFIO_SPAPR_TCE_v2_IOMMU, VFIO_SPAPR_TCE_v2_IOMMU);
SAME(CS_VFIO_NOIOMMU_IOMMU, VFIO_NOIOMMU_IOMMU);
SAME(CS_VFIO_GROUP_FLAGS_VIABLE, VFIO_GROUP_FLAGS_VIABLE);
SAME(CS_VFIO_GROUP_FLAGS_CONTAINER_SET, VFIO_GROUP_FLAGS_CONTAINER_SET);
SAME(CS_VFIO_DEVICE_FLAGS_RESET, VFIO_DEVICE_FLAGS_RESET);
SAME(CS_VFIO_DEVICE_FLAGS_PCI, VFIO_DEVICE_FLAGS_PCI);
SAME(CS_VFIO_DEVICE_FLAGS_PLATFORM, VFIO_DEVICE_FLAGS_PLATFORM);
SAME(CS_VFIO_DEVICE_FLAGS_AMBA, VFIO_DEVICE_FLAGS_AMBA);
SAME(CS_VFIO_DEVICE_FLAGS_CCW, VFIO_DEVICE_FLAGS_CCW);
SAME(CS_VFIO_DEVICE_FLAGS_AP, VFIO_DEVICE_FLAGS_AP);
SAME(CS_VFIO_DEVICE_FLAGS_FSL_MC, VFIO_DEVICE_FLAGS_FSL_MC);
SAME(CS_VFIO_DEVICE_FLAGS_CAPS, VFIO_DEVICE_FLAGS_CAPS);
#ifdef VFIO_DEVICE_FLAGS_CDX
SAME(CS_VFIO_DEVICE_FLAGS_CDX, VFIO_DEVICE_FLAGS_CDX);
#endif

AT(cs_vfio_group_status, vfio_group_status, argsz, argsz);
AT(cs_vfio_group_status, vfio_group_status, flags, flags);
AT(cs_vfio_irq_set_eventfd, vfio_irq_set, argsz, argsz);
AT(cs_vfio_irq_set_eventfd, vfio_irq_set, flags, flags);
AT(cs_vfio_irq_set_eventfd, vfio_irq_set, index, index);
AT(cs_vfio_irq_set_eventfd, vfio_irq_set, start, start);
AT(cs_vfio_irq_set_eventfd, vfio_irq_set, count, count);
AT(cs_vfio_irq_set_eventfd, vfio_irq_set, eventfd, data);
AT(cs_vfio_device_info, vfio_device_info, argsz, argsz);
AT(cs_vfio_device_info, vfio_device_info, flags, flags);
AT(cs_vfio_device_info, vfio_device_info, num_regions, num_regions);
AT(cs_vfio_device_info, vfio_device_info, num_irqs, num_irqs);
AT(cs_vfio_device_info, vfio_device_info, cap_offset, cap_offset);

#ifdef VFIO_DEVICE_BIND_IOMMUFD
SAME(CS_VFIO_DEVICE_BIND_IOMMUFD, VFIO_DEVICE_BIND_IOMMUFD);
SAME(CS_VFIO_DEVICE_ATTACH_IOMMUFD_PT, VFIO_DEVICE_ATTACH_IOMMUFD_PT);
SAME(CS_VFIO_DEVICE_DETACH_IOMMUFD_PT, VFIO_DEVICE_DETACH_IOMMUFD_PT);
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
SAME(CS_IOMMUFD_TYPE, _IO(IOMMUFD_TYPE, 0));
SAME(CS_IOMMU_DESTROY, IOMMU_DESTROY);
SAME(CS_IOMMU_IOAS_ALLOC, IOMMU_IOAS_ALLOC);
SAME(CS_IOMMU_IOAS_MAP, IOMMU_IOAS_MAP);
SAME(CS_IOMMU_IOAS_UNMAP, IOMMU_IOAS_UNMAP);
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
