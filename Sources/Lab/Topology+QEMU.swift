import Results

/// How QEMU builds each topology.
extension Topology {
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
