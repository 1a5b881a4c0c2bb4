import Foundation
import Testing
@testable import Probes

/// The features as the expectation table's facts spell them.
func facts(_ features: VFIOFeatures) -> [String: String] {
    let flag = { (on: Bool) in on ? "y" : "n" }
    return ["group": flag(features.group), "container": features.container.rawValue, "noiommu": flag(features.noiommu),
            "cdev": flag(features.cdev), "iommufd": flag(features.iommufd), "type1": flag(features.type1),
            "noiommu-cdev": flag(features.noiommuCdev)]
}

@Suite struct VFIOFeaturesTests {
    private func features(_ fixture: String) throws -> VFIOFeatures {
        VFIOFeatures(config: KernelConfig(text: try Fixture.text("config/\(fixture).config")))
    }

    @Test func legacyHasTheVFIOContainerAndType1() throws {
        #expect(facts(try features("legacy")) == [
            "group": "y", "container": "vfio", "noiommu": "y", "cdev": "n",
            "iommufd": "n", "type1": "y", "noiommu-cdev": "n",
        ])
    }

    @Test func iommufdCompatHasTheIommufdContainerAndCdev() throws {
        #expect(facts(try features("iommufd-compat")) == [
            "group": "y", "container": "iommufd", "noiommu": "y", "cdev": "y",
            "iommufd": "y", "type1": "n", "noiommu-cdev": "n",
        ])
    }

    @Test func withoutVFIOGroupThereIsNoGroupContainerOrNoiommu() throws {
        let cdevOnly = try features("cdev-only")
        #expect(!cdevOnly.group)
        #expect(cdevOnly.container == .none)
        #expect(!cdevOnly.noiommu)
        #expect(cdevOnly.cdev)
        #expect(facts(cdevOnly)["group"] == "n")
    }

    @Test func anEmptyConfigOffersNothing() {
        let none = VFIOFeatures(config: KernelConfig(text: ""))
        #expect(facts(none).values.sorted() == ["n", "n", "n", "n", "n", "n", "none"])
    }

    @Test func encodesUnderStableKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(features("legacy")), as: UTF8.self)
        #expect(json == #"{"cdev":false,"container":"vfio","group":true,"iommufd":false,"noiommu":true,"noiommuCdev":false,"type1":true}"#)
    }
}

/// A tree without the group and container switches (Debian's 6.1 .config,
/// as the lab built it): groups and the legacy container are there.
@Suite struct ImplicitFeatureTests {
    @Test func aSwitchTheConfigNeverMentionsIsBuiltWithVFIO() throws {
        let features = VFIOFeatures(config: KernelConfig(text: try Fixture.text("config/debian-6.1-legacy.config")))
        #expect(facts(features) == [
            "group": "y", "container": "vfio", "noiommu": "y", "cdev": "n",
            "iommufd": "n", "type1": "y", "noiommu-cdev": "n",
        ])
    }

    @Test func aSwitchThatIsOffStaysOff() {
        let features = VFIOFeatures(config: KernelConfig(text: "CONFIG_VFIO=m\n# CONFIG_VFIO_GROUP is not set\n# CONFIG_VFIO_CONTAINER is not set\nCONFIG_VFIO_IOMMU_TYPE1=m\n"))
        #expect(!features.group)
        #expect(features.container == .none)
    }
}

@Suite struct UnknownSwitchTests {
    @Test func aSwitchTheConfigDoesNotKnowIsAbsentNotOff() throws {
        let features = VFIOFeatures(config: KernelConfig(text: try Fixture.text("config/debian-6.1-legacy.config")))
        #expect(features.unknown == [.cdev, .iommufd])
        let legacy612 = VFIOFeatures(config: KernelConfig(text: "CONFIG_VFIO=m\n# CONFIG_IOMMUFD is not set\nCONFIG_VFIO_NOIOMMU=y\n"))
        #expect(legacy612.unknown == [.cdev])
    }
}
