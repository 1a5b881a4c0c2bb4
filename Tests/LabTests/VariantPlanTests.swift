import Foundation
import Testing
@testable import Lab
@testable import Probes
@testable import Results

/// Variants mapped onto the symbols a tree defines: the three honest states
/// and the dependency named for a dropped option.
@Suite struct VariantPlanTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures").path

    static func tree(_ name: String) throws -> KconfigTree {
        try KconfigTree.read(tree: fixtures + "/kconfig/" + name)
    }

    static func variant(_ name: VariantName) throws -> Variant {
        try #require(try Variant.load([name], from: fixtures + "/variants").first)
    }

    static func option(_ plan: VariantPlan, _ name: String) -> String? {
        plan.options.first { $0.option == "CONFIG_" + name }?.value
    }

    @Test func everyShippedVariantParsesWithADescription() throws {
        let all = Variant.available(in: Self.fixtures + "/variants")
        #expect(Set(Variant.defaults).isSubset(of: Set(all)))
        for name in all { #expect(!(try Self.variant(name)).description.isEmpty) }
    }

    /// The depth tier's checker variants race on two vCPUs; the plain ones run on one.
    @Test func theDepthTierAddsTheCheckerVariantsOnSMPGuests() throws {
        #expect(LabOptions.variantNames(nil, depth: false) == Variant.defaults)
        #expect(LabOptions.variantNames(nil, depth: true) == Variant.defaults + ["debug", "kcsan"])
        #expect(LabOptions.variantNames(["debug", "legacy"], depth: true) == ["debug", "legacy", "kcsan"])
        for name in Variant.depth { #expect(try Self.variant(name).vcpus >= 2) }
        for name in Variant.defaults { #expect(try Self.variant(name).vcpus == 1) }
        #expect(throws: LabError.self) { try Variant.parse("# x\nvcpus = 0\n", name: "x", path: "x.variant", base: "") }
    }

    /// KCSAN's cost is repaid by the scenarios where threads race; the rest skip on it.
    @Test func aVariantMayNarrowItsScenarios() throws {
        let kcsan = try Self.variant("kcsan")
        let patterns = try #require(kcsan.scenarios)
        #expect(patterns.contains { $0.matches("race/open-group-twice") } && patterns.contains { $0.matches("toggle/before-bind") })
        #expect(!patterns.contains { $0.matches("group/taint") })
        #expect(try Self.variant("legacy").scenarios == nil)
        #expect(throws: LabError.self) {
            try Variant.parse("# x\ngroup = y\ncontainer = vfio\nnoiommu = y\ncdev = n\nscenarios = \n", name: "x", path: "x.variant", base: "")
        }
    }

    @Test func onATreeWithSwitchesTheWantsBecomeOptions() throws {
        let plan = try Self.variant("legacy").plan(on: Self.tree("groups-switchable"))
        #expect(plan.unavailable == nil)
        #expect(Self.option(plan, "VFIO_GROUP") == "y")
        #expect(Self.option(plan, "VFIO_CONTAINER") == "y")
        #expect(Self.option(plan, "IOMMUFD_VFIO_CONTAINER") == "n")
        #expect(Self.option(plan, "VFIO_DEVICE_CDEV") == "y")
        #expect(Self.option(plan, "IOMMUFD") == "m")
        #expect(plan.fragment.contains("CONFIG_VFIO=m\n"))
    }

    @Test func groupsAndTheContainerAreImplicitWhereTheTreeHasNoSwitch() throws {
        let plan = try Self.variant("legacy").plan(on: Self.tree("groups-implicit"))
        #expect(plan.unavailable == nil)
        #expect(Self.option(plan, "VFIO_GROUP") == nil)
        #expect(Self.option(plan, "VFIO_CONTAINER") == nil)
        #expect(Self.option(plan, "VFIO_IOMMU_TYPE1") == "m")
        #expect(Self.option(plan, "VFIO_NOIOMMU") == "y")
        #expect(plan.notes.contains { $0.contains("groups are built with VFIO") })
        #expect(plan.notes.contains { $0.contains("no device cdev") })
        #expect(plan.notes.contains { $0.contains("no iommufd") })
        // Base options the tree lacks are notes, not requests Kconfig would "drop".
        #expect(plan.notes.contains("base: this tree does not define CONFIG_SERIAL_8250"))
        #expect(!plan.fragment.contains("CONFIG_SERIAL_8250"))
    }

    @Test func aFeatureTheTreeLacksMakesTheVariantUnavailableWithTheReason() throws {
        let tree = try Self.tree("groups-implicit")
        #expect(try Self.variant("iommufd-compat").plan(on: tree).unavailable == "this tree has no iommufd (no CONFIG_IOMMUFD)")
        #expect(try Self.variant("no-container").plan(on: tree).unavailable?.contains("always built with VFIO") == true)
        #expect(try Self.variant("cdev-only").plan(on: tree).unavailable?.contains("group interface is always built") == true)
        #expect(try Self.variant("no-noiommu").plan(on: tree).unavailable == nil)
    }

    @Test func aDroppedOptionNamesTheDependencyThatRemovedIt() throws {
        let tree = try Self.tree("groups-switchable")
        let plan = try Self.variant("cdev-noiommu").plan(on: tree)
        #expect(plan.unavailable == nil)
        // What allnoconfig gives the fragment: noiommu cannot be set without groups.
        var config = plan.fragment.replacingOccurrences(of: "CONFIG_VFIO_NOIOMMU=y", with: "# CONFIG_VFIO_NOIOMMU is not set")
        config = config.replacingOccurrences(of: "CONFIG_VFIO_GROUP=n", with: "# CONFIG_VFIO_GROUP is not set")
        let result = KernelConfig(text: config)
        #expect(plan.dropped(by: result) == ["CONFIG_VFIO_NOIOMMU: requested y, got n"])
        #expect(plan.reasons(droppedBy: result, tree: tree) == ["VFIO_NOIOMMU depends on VFIO_GROUP (VFIO_GROUP=n; Kconfig)"])
    }

    @Test func withTheSeriesNoiommuWithoutGroupsIsConfigurable() throws {
        let tree = try Self.tree("noiommu-cdev")
        let plan = try Self.variant("cdev-noiommu").plan(on: tree)
        #expect(Self.option(plan, "IOMMUFD_NOIOMMU") == "y")
        #expect(Self.option(try Self.variant("cdev-noiommu").plan(on: Self.tree("groups-switchable")), "IOMMUFD_NOIOMMU") == nil)
        let config = plan.fragment
        let values = KernelConfig(text: config).options
        for entry in tree.entries["VFIO_NOIOMMU"]! {
            for dependency in entry.dependencies { #expect(KconfigExpression.evaluate(dependency, values) > 0, "\(dependency)") }
        }
        // With groups but no container, the series' second dependency removes noiommu.
        let noContainer = try Self.variant("no-container").plan(on: tree)
        let removed = KernelConfig(text: noContainer.fragment.replacingOccurrences(of: "CONFIG_VFIO_NOIOMMU=y", with: ""))
        #expect(noContainer.reasons(droppedBy: removed, tree: tree).first?.hasPrefix("VFIO_NOIOMMU depends on !VFIO_GROUP || VFIO_CONTAINER || IOMMUFD_VFIO_CONTAINER") == true)
    }

    @Test func anOptionTurnedOnAgainstTheRequestNamesWhoSelectedIt() throws {
        var tree = KconfigTree()
        tree.add("config A\n\tbool \"a\"\n\tselect B\nconfig B\n\tbool\n", file: "Kconfig")
        #expect(tree.explain("CONFIG_B", requested: "n", in: ["CONFIG_A": "y", "CONFIG_B": "y"]) == "B is selected by A")
    }

    /// 7.3's IOMMUFD_NOIOMMU has no prompt: when VFIO_NOIOMMU, which selects
    /// it, was dropped, the reason is that, not "a choice or a range".
    @Test func aSymbolOnlyEverSelectedNamesItsSelectors() {
        var tree = KconfigTree()
        tree.add("config VFIO_NOIOMMU\n\tbool \"noiommu\"\n\tselect IOMMUFD_NOIOMMU if VFIO_DEVICE_CDEV\nconfig IOMMUFD_NOIOMMU\n\tbool\n", file: "Kconfig")
        #expect(tree.explain("CONFIG_IOMMUFD_NOIOMMU", requested: "y", in: [:])
                == "IOMMUFD_NOIOMMU has no prompt: only a select gives it, and none of its selectors is on (VFIO_NOIOMMU=n)")
        tree.add("config PROMPTED\n\tprompt \"p\"\n\tbool\nconfig X\n\tbool\n\tselect PROMPTED\n", file: "Kconfig.b")
        #expect(tree.explain("CONFIG_PROMPTED", requested: "y", in: [:]).hasSuffix("(no unmet dependency found: a choice or a range?)"))
    }

    @Test func helpTextIsNotADependency() {
        var tree = KconfigTree()
        tree.add("config HOST\n\tstring \"name\"\n\thelp\n\t  It depends on a git-based tree.\n\n\t  more\nconfig B\n\tbool\n\tdepends on HOST\n", file: "Kconfig")
        #expect(tree.entries["HOST"] == [KconfigTree.Entry(file: "Kconfig", dependencies: [], prompted: true)])
        #expect(tree.entries["B"]?.first?.dependencies == ["HOST"])
    }

    @Test func stringsAreQuotedAgainInTheFragment() throws {
        let plan = try Self.variant("legacy").plan(on: Self.tree("groups-switchable"))
        var text = plan.fragment
        #expect(!text.contains("LOCALVERSION"))
        var tree = try Self.tree("groups-switchable")
        tree.add("config LOCALVERSION\n\tstring \"v\"\nconfig PANIC_TIMEOUT\n\tint \"t\"\n", file: "init/Kconfig")
        text = try Self.variant("legacy").plan(on: tree).fragment
        #expect(text.contains("CONFIG_LOCALVERSION=\"-vfio-conformance\"\n"))
        #expect(text.contains("CONFIG_PANIC_TIMEOUT=-1\n"))
    }

    @Test func badVariantFilesNameTheFileAndLine() {
        #expect(throws: LabError.badVariant("/v/x.variant:2: want `key = value` or `CONFIG_X=value`, got `group y`")) {
            try Variant.parse("# x\ngroup y\n", name: "x", path: "/v/x.variant", base: "")
        }
        #expect(throws: LabError.badVariant("/v/x.variant: container = type1: want vfio, iommufd or none")) {
            try Variant.parse("group = y\ncontainer = type1\nnoiommu = y\ncdev = y\n", name: "x", path: "/v/x.variant", base: "")
        }
        #expect(throws: LabError.badVariant("/v/x.variant: unknown key `contianer`; known: group, container, noiommu, cdev")) {
            try Variant.parse("group = y\ncontianer = vfio\n", name: "x", path: "/v/x.variant", base: "")
        }
    }

    @Test func kernelChoicesParseStrictly() throws {
        #expect(try KernelChoice(parsing: "debian-6.1") == .debian(series: "6.1"))
        #expect(try KernelChoice(parsing: "debian-7.3=7.3.4-1~bpo13+1") == .debian(series: "7.3", version: "7.3.4-1~bpo13+1"))
        #expect(try KernelChoice(parsing: "debian-7.3=7.3.4-1~bpo13+1").description == "debian-7.3=7.3.4-1~bpo13+1")
        #expect(try KernelChoice(parsing: "/src/linux") == .tree(path: "/src/linux"))
        for bad in ["debian-", "debian-6", "debian-six.1", "debian-7.3=", "debian-=7.3", ""] {
            #expect(throws: LabError.self) { try KernelChoice(parsing: bad) }
        }
    }
}

@Suite struct KconfigExpressionTests {
    @Test func tristateLogic() {
        let config = ["CONFIG_A": "y", "CONFIG_M": "m", "CONFIG_S": "x86"]
        #expect(KconfigExpression.evaluate("A && M", config) == 1)
        #expect(KconfigExpression.evaluate("A && !B", config) == 2)
        #expect(KconfigExpression.evaluate("B || (M && A)", config) == 1)
        #expect(KconfigExpression.evaluate("!A", config) == 0)
        #expect(KconfigExpression.evaluate("B=n", config) == 2)
        #expect(KconfigExpression.evaluate("S=\"x86\"", config) == 2)
        #expect(KconfigExpression.evaluate("A!=y", config) == 0)
        #expect(KconfigExpression.symbols(in: "!A || (B && A=y)") == ["A", "B"])
    }
}

@Suite struct IommufdHeaderTests {
    static let enumText = """
        enum {
        \tIOMMUFD_CMD_BASE = 0x80,
        \tIOMMUFD_CMD_DESTROY = IOMMUFD_CMD_BASE,
        \tIOMMUFD_CMD_IOAS_ALLOC = 0x81,
        \tIOMMUFD_CMD_IOAS_MAP = 0x85,
        \tIOMMUFD_CMD_IOAS_UNMAP,
        \t/* a comment, with a comma */
        \tIOMMUFD_CMD_HW_QUEUE_ALLOC = 0x94,
        %@
        };
        """

    @Test func theNumberComesFromTheTreesOwnEnum() {
        let merged = Self.enumText.replacingOccurrences(of: "%@", with: "\tIOMMUFD_CMD_IOAS_NOIOMMU_GET_PA = 0x95,")
        #expect(IommufdHeader.commands(in: merged)["IOMMUFD_CMD_IOAS_UNMAP"] == 0x86)
        #expect(IommufdHeader.commands(in: merged)["IOMMUFD_CMD_DESTROY"] == 0x80)
        #expect(IommufdHeader.getPACommand(in: merged) == 0x95)
        // The early name, numbered implicitly.
        let early = Self.enumText.replacingOccurrences(of: "%@", with: "\tIOMMUFD_CMD_IOAS_GET_PA,")
        #expect(IommufdHeader.getPACommand(in: early) == 0x95)
        #expect(IommufdHeader.getPACommand(in: Self.enumText.replacingOccurrences(of: "%@", with: "")) == nil)
    }
}
