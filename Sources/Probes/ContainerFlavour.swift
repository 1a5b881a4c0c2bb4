/// Who provides /dev/vfio/vfio, if anyone.
public enum ContainerFlavour: String, CaseIterable, Sendable, Codable {
    /// CONFIG_VFIO_CONTAINER: vfio's own, backed by the type1 driver.
    case vfio
    /// CONFIG_IOMMUFD_VFIO_CONTAINER: iommufd emulating it.
    case iommufd
    /// Neither: no /dev/vfio/vfio.
    case none
}
