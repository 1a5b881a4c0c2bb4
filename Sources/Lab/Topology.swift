/// How a guest's PCI devices sit: without an IOMMU (noiommu territory) or
/// behind a virtual Intel IOMMU (the control case).
public enum Topology: String, Sendable, CaseIterable {
    case noiommu, viommu

    /// q35 for both, so the only difference is the vIOMMU.
    var machine: String { self == .viommu ? "q35,kernel-irqchip=split" : "q35" }

    var devices: [String] {
        switch self {
        case .noiommu: ["-device", "edu", "-device", "pci-testdev"]
        case .viommu: ["-device", "intel-iommu,intremap=on", "-device", "edu"]
        }
    }

    var commandLine: String { self == .viommu ? "intel_iommu=on" : "" }
}
