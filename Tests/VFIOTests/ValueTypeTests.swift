import Testing
import VFIO

/// IOMMU types print as the uapi macros name them, and a type this build
/// does not know survives as its number. (The numbers themselves are checked
/// against each kernel tree's headers by the lab: Fixtures/uapi/layout-check.c.)
@Suite struct ValueTypeTests {
    @Test func iommuTypesPrintLikeTheMacros() {
        #expect(IOMMUType.type1.description == "TYPE1")
        #expect(IOMMUType.type1v2.description == "TYPE1v2")
        #expect(IOMMUType.noiommu.description == "NOIOMMU")
        #expect(IOMMUType(rawValue: 42).description == "IOMMU type 42")
    }
}
