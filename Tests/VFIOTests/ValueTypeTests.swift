import Testing
import VFIO

/// Bit values and type numbers from include/uapi/linux/vfio.h.
@Suite struct ValueTypeTests {
    @Test func iommuTypesMatchVfioH() {
        #expect(IOMMUType.type1.rawValue == 1)
        #expect(IOMMUType.spaprTCE.rawValue == 2)
        #expect(IOMMUType.type1v2.rawValue == 3)
        #expect(IOMMUType.noiommu.rawValue == 8)
    }

    @Test func iommuTypesPrintLikeTheMacros() {
        #expect(IOMMUType.type1.description == "TYPE1")
        #expect(IOMMUType.type1v2.description == "TYPE1v2")
        #expect(IOMMUType.noiommu.description == "NOIOMMU")
        #expect(IOMMUType(rawValue: 42).description == "IOMMU type 42")
    }

    @Test func flagBitsMatchVfioH() {
        #expect(GroupStatus.viable.rawValue == 0x1)
        #expect(GroupStatus.containerSet.rawValue == 0x2)
        #expect(DeviceFlags.reset.rawValue == 0x1)
        #expect(DeviceFlags.pci.rawValue == 0x2)
        #expect(DeviceFlags.fslMC.rawValue == 0x40)
        #expect(DeviceFlags.caps.rawValue == 0x80)
        #expect(DeviceFlags.cdx.rawValue == 0x100)
    }
}
