/// What the running kernel's configuration offers VFIO users; expectation
/// rows are conditioned on it. Each field is one `Feature`.
public struct VFIOFeatures: Sendable, Equatable, Codable {
    public var group: Bool
    public var container: ContainerFlavour
    public var noiommu: Bool
    public var cdev: Bool
    public var iommufd: Bool
    public var type1: Bool
    /// The `noiommu-cdev/detect` scenario checks the node and the PA query
    /// against this.
    public var noiommuCdev: Bool
    /// The features whose switch the config does not know at all: the tree
    /// has no such feature, rather than a kernel that turned it off. Skip
    /// reasons say which.
    public var unknown: Set<Feature> = []

    enum CodingKeys: String, CodingKey { case group, container, noiommu, cdev, iommufd, type1, noiommuCdev }

    public init(config: KernelConfig) {
        group = Feature.group.isBuilt(by: config)
        container = Feature.container(of: config)
        noiommu = Feature.noiommu.isBuilt(by: config)
        cdev = Feature.cdev.isBuilt(by: config)
        iommufd = Feature.iommufd.isBuilt(by: config)
        type1 = Feature.type1.isBuilt(by: config)
        noiommuCdev = Feature.noiommuCdev.isBuilt(by: config)
        unknown = Set(Feature.allCases.filter { $0.isUnknown(to: config) })
    }

    public func has(_ feature: Feature) -> Bool {
        switch feature {
        case .group: group
        case .container: container != .none
        case .noiommu: noiommu
        case .cdev: cdev
        case .iommufd: iommufd
        case .type1: type1
        case .noiommuCdev: noiommuCdev
        }
    }

    /// What an expectation row's condition on `feature` compares: y or n,
    /// the container's flavour.
    public subscript(feature: Feature) -> String {
        feature == .container ? container.rawValue : has(feature) ? "y" : "n"
    }
}
