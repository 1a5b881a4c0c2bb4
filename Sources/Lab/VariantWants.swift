/// What a variant asks of VFIO, independent of any tree. Each want is
/// mapped onto the symbols a tree defines: a symbol the tree lacks means the
/// feature is implicit there (groups and the legacy container were always
/// built with VFIO before they got switches) or absent (iommufd, the device
/// cdev, the compat container before they existed), and which of the two is
/// read from the tree, never from its version.
public struct VariantWants: Sendable, Equatable {
    public enum Container: String, Sendable { case vfio, iommufd, none }
    /// y, n, or "if-available": taken where the tree has it.
    public enum Want: String, Sendable { case yes = "y", no = "n", ifAvailable = "if-available" }

    public var group: Want
    public var container: Container
    public var noiommu: Want
    public var cdev: Want

    static let keys = ["group", "container", "noiommu", "cdev"]

    init(_ fields: [String: String], path: String) throws(LabError) {
        for key in fields.keys where !Self.keys.contains(key) {
            throw .badVariant("\(path): unknown key `\(key)`; known: \(Self.keys.joined(separator: ", "))")
        }
        func want(_ key: String) throws(LabError) -> Want {
            guard let text = fields[key] else { throw .badVariant("\(path): no `\(key) = ...` line (y, n or if-available)") }
            guard let value = Want(rawValue: text) else { throw .badVariant("\(path): \(key) = \(text): want y, n or if-available") }
            return value
        }
        group = try want("group")
        noiommu = try want("noiommu")
        cdev = try want("cdev")
        guard let text = fields["container"] else { throw .badVariant("\(path): no `container = ...` line (vfio, iommufd or none)") }
        guard let container = Container(rawValue: text) else { throw .badVariant("\(path): container = \(text): want vfio, iommufd or none") }
        self.container = container
    }

    enum Mapping {
        case options([(option: String, value: String)], notes: [String])
        case unavailable(String)
    }

    func options(on tree: KconfigTree) -> Mapping {
        var options: [(option: String, value: String)] = []
        var notes: [String] = []
        func set(_ symbol: String, _ value: String) { options.append(("CONFIG_" + symbol, value)) }
        let defines = tree.defines

        // The group interface is VFIO's original API: without a switch it is simply there.
        switch group {
        case .yes, .ifAvailable:
            if defines("VFIO_GROUP") { set("VFIO_GROUP", "y") } else { notes.append("no CONFIG_VFIO_GROUP: groups are built with VFIO in this tree") }
        case .no:
            guard defines("VFIO_GROUP") else { return .unavailable("this tree has no CONFIG_VFIO_GROUP: the group interface is always built with VFIO") }
            set("VFIO_GROUP", "n")
        }

        let iommufd = defines("IOMMUFD")
        switch container {
        case .vfio:
            if defines("VFIO_CONTAINER") {
                set("VFIO_CONTAINER", "y")
            } else if defines("VFIO_IOMMU_TYPE1") {
                notes.append("no CONFIG_VFIO_CONTAINER: the legacy container is built with VFIO in this tree")
            } else {
                return .unavailable("this tree has neither CONFIG_VFIO_CONTAINER nor CONFIG_VFIO_IOMMU_TYPE1: no legacy container")
            }
            if defines("VFIO_IOMMU_TYPE1") { set("VFIO_IOMMU_TYPE1", "m") }
            if defines("IOMMUFD_VFIO_CONTAINER") { set("IOMMUFD_VFIO_CONTAINER", "n") }
        case .iommufd:
            guard iommufd else { return .unavailable("this tree has no iommufd (no CONFIG_IOMMUFD)") }
            guard defines("IOMMUFD_VFIO_CONTAINER") else { return .unavailable("this tree's iommufd has no compat container (no CONFIG_IOMMUFD_VFIO_CONTAINER)") }
            if defines("VFIO_CONTAINER") { set("VFIO_CONTAINER", "n") }
            set("IOMMUFD_VFIO_CONTAINER", "y")
        case .none:
            guard defines("VFIO_CONTAINER") else { return .unavailable("this tree has no CONFIG_VFIO_CONTAINER: the legacy container is always built with VFIO") }
            set("VFIO_CONTAINER", "n")
            if defines("IOMMUFD_VFIO_CONTAINER") { set("IOMMUFD_VFIO_CONTAINER", "n") }
        }

        // The noiommu cdev series selects IOMMUFD_NOIOMMU for the cdev; one
        // of its versions split the switch into VFIO_GROUP_NOIOMMU and
        // VFIO_CDEV_NOIOMMU. Whichever this tree defines is asked for.
        let onCdev = cdev != .no && defines("VFIO_DEVICE_CDEV")
        switch noiommu {
        case .yes:
            let split = ["VFIO_GROUP_NOIOMMU", "VFIO_CDEV_NOIOMMU"].filter(defines)
            guard defines("VFIO_NOIOMMU") || !split.isEmpty else { return .unavailable("this tree has no CONFIG_VFIO_NOIOMMU") }
            if defines("VFIO_NOIOMMU") { set("VFIO_NOIOMMU", "y") }
            if group != .no && defines("VFIO_GROUP_NOIOMMU") { set("VFIO_GROUP_NOIOMMU", "y") }
            if onCdev && defines("VFIO_CDEV_NOIOMMU") { set("VFIO_CDEV_NOIOMMU", "y") }
            if onCdev && defines("IOMMUFD_NOIOMMU") { set("IOMMUFD_NOIOMMU", "y") }
        case .ifAvailable:
            if defines("VFIO_NOIOMMU") { set("VFIO_NOIOMMU", "y") } else { notes.append("no CONFIG_VFIO_NOIOMMU in this tree") }
        case .no:
            if defines("VFIO_NOIOMMU") { set("VFIO_NOIOMMU", "n") }
        }

        switch cdev {
        case .yes:
            guard defines("VFIO_DEVICE_CDEV") else { return .unavailable("this tree has no device cdev (no CONFIG_VFIO_DEVICE_CDEV)") }
            set("VFIO_DEVICE_CDEV", "y")
        case .ifAvailable:
            if defines("VFIO_DEVICE_CDEV") { set("VFIO_DEVICE_CDEV", "y") } else { notes.append("no CONFIG_VFIO_DEVICE_CDEV: no device cdev in this tree") }
        case .no:
            if defines("VFIO_DEVICE_CDEV") { set("VFIO_DEVICE_CDEV", "n") }
        }

        // iommufd is built wherever the tree has it, so its scenarios run.
        if iommufd { set("IOMMUFD", "m") } else { notes.append("no CONFIG_IOMMUFD: this tree has no iommufd") }
        return .options(options, notes: notes)
    }
}
