import Testing
@testable import Engine
@testable import Probes

@Suite struct RequirementTests {
    let legacy = VFIOFeatures(config: KernelConfig(text: """
        CONFIG_VFIO=m
        CONFIG_VFIO_GROUP=y
        CONFIG_VFIO_CONTAINER=y
        CONFIG_VFIO_IOMMU_TYPE1=m
        CONFIG_VFIO_NOIOMMU=y
        CONFIG_VFIO_DEVICE_CDEV=y
        CONFIG_IOMMUFD=m
        """))
    let cdevOnly = VFIOFeatures(config: KernelConfig(text: """
        CONFIG_VFIO=m
        # CONFIG_VFIO_GROUP is not set
        CONFIG_VFIO_DEVICE_CDEV=y
        CONFIG_IOMMUFD=m
        """))

    @Test func unmetRequirementsSayWhy() {
        #expect(Requirement.feature(.group).unmet(features: legacy, hasIOMMUGroup: false) == nil)
        #expect(Requirement.feature(.group).unmet(features: cdevOnly, hasIOMMUGroup: false) == "CONFIG_VFIO_GROUP is off in this kernel")
        #expect(Requirement.noIOMMUGroup.unmet(features: legacy, hasIOMMUGroup: true)?.contains("viommu") == true)
        #expect(Requirement.iommuGroup.unmet(features: legacy, hasIOMMUGroup: false)?.contains("noiommu") == true)
        #expect(Requirement.feature(.container).unmet(features: cdevOnly, hasIOMMUGroup: true) != nil)
    }

    @Test func everyNoiommuScenarioSkipsOnCdevOnlyKernels() {
        let runnable = ScenarioCatalog.all.filter { scenario in
            scenario.requirements.allSatisfy { $0.unmet(features: cdevOnly, hasIOMMUGroup: false) == nil }
        }
        #expect(runnable.allSatisfy { $0.family == "modules" || $0.family == "unregister" })
    }
}
