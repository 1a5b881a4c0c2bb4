import ArgumentParser
import Engine
import Lab

/// Lists the scenarios and the kernel config variants.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List scenarios and config variants with one-line descriptions.")

    func run() throws {
        let width = ScenarioCatalog.all.map(\.name.count).max() ?? 0
        print("Scenarios (\(ScenarioCatalog.all.count)):")
        for scenario in ScenarioCatalog.all {
            print("  " + scenario.name.padding(width) + "  " + scenario.summary)
        }
        if let package = PackageLocation.package(),
           let variants = try? Variant.load(Variant.available(in: package + "/Fixtures/variants"), from: package + "/Fixtures/variants") {
            print("\nVariants (default: \(Variant.defaults.map(\.rawValue).joined(separator: ", "))):")
            let width = variants.map(\.name.rawValue.count).max() ?? 0
            for variant in variants { print("  " + variant.name.rawValue.padding(width) + "  " + variant.description) }
        }
        print("\nTopologies:\n  noiommu  edu and pci-testdev, no vIOMMU\n  viommu   edu behind intel-iommu (the control case)")
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
