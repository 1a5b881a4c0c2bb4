/// The VFIO module stack a fixture starts from: vfio, loaded with a noiommu
/// mode or with its default, then vfio-pci and whichever of type1 and
/// iommufd the kernel has. A fixture declares it rather than loading it in
/// its set-up, so the runner knows before a cell starts which stack it
/// begins from, and may hand it the stack the cell before left loaded.
enum ModuleStack: Sendable {
    case modeOff, modeOn
    /// Mode on where the device has no IOMMU group (vfio-pci binds nothing
    /// else there); vfio's default behind a vIOMMU.
    case forTopology

    /// What vfio is loaded with here: two stacks with the same parameters
    /// are the same stack. Empty where vfio has no noiommu switch.
    func vfioParameters(in environment: TestEnvironment) -> String {
        guard environment.features.noiommu else { return "" }
        switch self {
        case .modeOff: return "enable_unsafe_noiommu_mode=0"
        case .modeOn: return "enable_unsafe_noiommu_mode=1"
        case .forTopology: return environment.hasIOMMUGroup ? "" : "enable_unsafe_noiommu_mode=1"
        }
    }
}
