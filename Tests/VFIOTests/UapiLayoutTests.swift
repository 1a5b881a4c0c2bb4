import CSupport
import Testing

/// Sizes from include/uapi/linux/vfio.h and iommufd.h; the kernel rejects an
/// argsz/size below these, so a wrong layout shows up as EINVAL in a guest.
@Suite struct UapiLayoutTests {
    @Test func vfioStructSizes() {
        #expect(MemoryLayout<cs_vfio_group_status>.size == 8)
        #expect(MemoryLayout<cs_vfio_device_info>.size == 24)
        #expect(MemoryLayout<cs_vfio_device_bind_iommufd>.size == 16)
        #expect(MemoryLayout<cs_vfio_device_attach_iommufd_pt>.size == 12)
        #expect(MemoryLayout<cs_vfio_device_detach_iommufd_pt>.size == 8)
    }

    @Test func iommufdStructSizes() {
        #expect(MemoryLayout<cs_iommu_ioas_alloc>.size == 12)
        #expect(MemoryLayout<cs_iommu_destroy>.size == 8)
    }

    @Test func outputFieldsSitWhereTheKernelWritesThem() {
        #expect(MemoryLayout<cs_vfio_device_info>.offset(of: \.num_regions) == 8)
        #expect(MemoryLayout<cs_vfio_device_info>.offset(of: \.num_irqs) == 12)
        #expect(MemoryLayout<cs_vfio_device_bind_iommufd>.offset(of: \.iommufd) == 8)
        #expect(MemoryLayout<cs_vfio_device_bind_iommufd>.offset(of: \.out_devid) == 12)
        #expect(MemoryLayout<cs_vfio_device_attach_iommufd_pt>.offset(of: \.pt_id) == 8)
        #expect(MemoryLayout<cs_iommu_ioas_alloc>.offset(of: \.out_ioas_id) == 8)
        #expect(MemoryLayout<cs_iommu_destroy>.offset(of: \.id) == 4)
    }
}
