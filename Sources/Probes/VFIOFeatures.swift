/// What the running kernel's configuration offers VFIO users; expectation
/// rows are conditioned on it.
public struct VFIOFeatures: Sendable, Equatable, Codable {
    /// CONFIG_VFIO_GROUP: /dev/vfio/N group nodes.
    public var group: Bool
    public var container: ContainerFlavour
    /// CONFIG_VFIO_NOIOMMU.
    public var noiommu: Bool
    /// CONFIG_VFIO_DEVICE_CDEV: /dev/vfio/devices/vfioN.
    public var cdev: Bool
    /// CONFIG_IOMMUFD: /dev/iommu.
    public var iommufd: Bool
    /// CONFIG_VFIO_IOMMU_TYPE1.
    public var type1: Bool
    /// noiommu devices get a cdev (/dev/vfio/devices/noiommu-vfioN): the
    /// noiommu cdev series selects CONFIG_IOMMUFD_NOIOMMU for it (one of its
    /// versions named the switch CONFIG_VFIO_CDEV_NOIOMMU). The
    /// `noiommu-cdev/detect` scenario checks the node and the PA query
    /// against this.
    public var noiommuCdev: Bool
    /// The switches among VFIO_NOIOMMU, VFIO_DEVICE_CDEV and IOMMUFD that
    /// the config does not know at all: the tree has no such feature,
    /// rather than a kernel that turned it off. Skip reasons say which.
    public var unknown: Set<String> = []

    enum CodingKeys: String, CodingKey { case group, container, noiommu, cdev, iommufd, type1, noiommuCdev }

    /// A switch the kernel's config does not mention at all while VFIO is
    /// on was not a switch in its tree: what it guards is built with VFIO
    /// (groups and the legacy container before they became optional). A
    /// switch that exists but is off is listed as "is not set".
    public init(config: KernelConfig) {
        let vfio = config.isEnabled("VFIO")
        let implicit = { (symbol: String) in vfio && config.value(symbol) == nil }
        group = config.isEnabled("VFIO_GROUP") || implicit("VFIO_GROUP")
        if config.isEnabled("VFIO_CONTAINER") || (implicit("VFIO_CONTAINER") && config.isEnabled("VFIO_IOMMU_TYPE1")) {
            container = .vfio
        } else if config.isEnabled("IOMMUFD_VFIO_CONTAINER") {
            container = .iommufd
        } else {
            container = .none
        }
        noiommu = config.isEnabled("VFIO_NOIOMMU")
        cdev = config.isEnabled("VFIO_DEVICE_CDEV")
        iommufd = config.isEnabled("IOMMUFD")
        type1 = config.isEnabled("VFIO_IOMMU_TYPE1")
        noiommuCdev = config.isEnabled("IOMMUFD_NOIOMMU") || config.isEnabled("VFIO_CDEV_NOIOMMU")
        unknown = Set(["VFIO_NOIOMMU", "VFIO_DEVICE_CDEV", "IOMMUFD"].filter { config.value($0) == nil })
    }
}
