import Foundation
import Testing
@testable import Lab

/// Every shipped variant on every fixture tree against the fragment, notes
/// and verdict recorded in Fixtures/fragments/TREE/VARIANT.config: a change
/// to how wants become options shows as a diff of what Kconfig is given.
@Suite struct VariantFragmentTests {
    static let fixtures = VariantPlanTests.fixtures

    static func pinned(_ plan: VariantPlan) -> String {
        let notes = plan.notes.map { "# note: \($0)\n" }.joined()
        guard let unavailable = plan.unavailable else { return notes + plan.fragment }
        return notes + "# unavailable: \(unavailable)\n"
    }

    /// The fixture trees, and two made here for the branches they miss: a
    /// version of the noiommu cdev series that split the switch in two, and
    /// a tree with VFIO alone (no legacy container, nothing to switch).
    static let trees = ["groups-implicit", "groups-switchable", "noiommu-cdev", "split-noiommu", "vfio-only"]

    static func tree(_ name: String) throws -> KconfigTree {
        switch name {
        case "split-noiommu":
            var tree = try VariantPlanTests.tree("noiommu-cdev")
            tree.add("config VFIO_GROUP_NOIOMMU\n\tbool \"g\"\nconfig VFIO_CDEV_NOIOMMU\n\tbool \"c\"\n", file: "drivers/vfio/Kconfig.split")
            return tree
        case "vfio-only":
            var tree = KconfigTree()
            tree.add("config VFIO\n\ttristate \"VFIO\"\n", file: "drivers/vfio/Kconfig")
            return tree
        default:
            return try VariantPlanTests.tree(name)
        }
    }

    @Test(arguments: trees) func everyVariantsFragmentIsThePinnedOne(tree name: String) throws {
        let tree = try Self.tree(name)
        let names = Variant.available(in: Self.fixtures + "/variants").sorted()
        #expect(names.count == 8)
        for variant in try Variant.load(names, from: Self.fixtures + "/variants") {
            let path = Self.fixtures + "/fragments/\(name)/\(variant.name).config"
            let actual = Self.pinned(variant.plan(on: tree))
            #expect(actual == (try String(contentsOfFile: path, encoding: .utf8)), "\(path)")
        }
    }
}
