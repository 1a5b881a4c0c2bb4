/// One thing a kernel may offer VFIO users, and the Kconfig symbols that
/// build it, read both ways: a variant's wants become the options of a
/// tree's fragment (`options(_:defines:)`), a kernel's .config becomes what
/// it was detected to have (`isBuilt(by:)`). Expectation rows and scenario
/// requirements name features by their raw values; this file is the only
/// one that reads or sets their symbols.
///
/// A symbol a tree lacks means the feature is implicit there (groups and
/// the legacy container were always built with VFIO before they got
/// switches) or absent (iommufd, the device cdev, the compat container
/// before they existed), and which of the two is read from the tree, never
/// from its version.
public enum Feature: String, CaseIterable, Sendable {
    /// CONFIG_VFIO_GROUP: /dev/vfio/N group nodes.
    case group
    /// Who provides /dev/vfio/vfio: `ContainerFlavour`.
    case container
    /// CONFIG_VFIO_NOIOMMU.
    case noiommu
    /// CONFIG_VFIO_DEVICE_CDEV: /dev/vfio/devices/vfioN.
    case cdev
    /// CONFIG_IOMMUFD: /dev/iommu.
    case iommufd
    /// CONFIG_VFIO_IOMMU_TYPE1, the legacy container's backend.
    case type1
    /// noiommu devices get a cdev (/dev/vfio/devices/noiommu-vfioN): the
    /// noiommu cdev series selects CONFIG_IOMMUFD_NOIOMMU for it (one of its
    /// versions named the switch CONFIG_VFIO_CDEV_NOIOMMU).
    case noiommuCdev = "noiommu-cdev"

    /// What an expectation row's condition on it may say.
    public var values: [String] { self == .container ? ContainerFlavour.allCases.map(\.rawValue) : ["y", "n"] }

    // MARK: A .config's symbols become detected features

    /// Whether the kernel of `config` has it. A switch the config does not
    /// mention at all while VFIO is on was not a switch in its tree: what it
    /// guards is built with VFIO (groups and the legacy container before
    /// they became optional). A switch that exists but is off is listed as
    /// "is not set".
    func isBuilt(by config: KernelConfig) -> Bool {
        switch self {
        case .group: config.isEnabled("VFIO_GROUP") || Self.implicit("VFIO_GROUP", config)
        case .container: Self.container(of: config) != .none
        case .noiommu, .cdev, .iommufd, .type1, .noiommuCdev: symbols.contains(where: config.isEnabled)
        }
    }

    /// The symbols a .config says it with (without CONFIG_), any of them on
    /// building it where the feature is a plain switch. A fragment may ask
    /// for more: the split series' VFIO_GROUP_NOIOMMU goes with noiommu.
    public var symbols: [String] {
        switch self {
        case .group: ["VFIO_GROUP"]
        case .container: ["VFIO_CONTAINER", "IOMMUFD_VFIO_CONTAINER"]
        case .noiommu: ["VFIO_NOIOMMU"]
        case .cdev: ["VFIO_DEVICE_CDEV"]
        case .iommufd: ["IOMMUFD"]
        case .type1: ["VFIO_IOMMU_TYPE1"]
        case .noiommuCdev: ["IOMMUFD_NOIOMMU", "VFIO_CDEV_NOIOMMU"]
        }
    }

    static func container(of config: KernelConfig) -> ContainerFlavour {
        if config.isEnabled("VFIO_CONTAINER") || (implicit("VFIO_CONTAINER", config) && config.isEnabled("VFIO_IOMMU_TYPE1")) { return .vfio }
        return config.isEnabled("IOMMUFD_VFIO_CONTAINER") ? .iommufd : .none
    }

    private static func implicit(_ symbol: String, _ config: KernelConfig) -> Bool {
        config.isEnabled("VFIO") && config.value(symbol) == nil
    }

    /// The switch of a feature some trees never had (rather than had built
    /// in): absent from a .config, the tree has no such feature, not a
    /// kernel that turned it off.
    private var newerSwitch: String? {
        switch self {
        case .noiommu: "VFIO_NOIOMMU"
        case .cdev: "VFIO_DEVICE_CDEV"
        case .iommufd: "IOMMUFD"
        case .group, .container, .type1, .noiommuCdev: nil
        }
    }

    /// The config does not know its switch at all.
    func isUnknown(to config: KernelConfig) -> Bool {
        newerSwitch.map { config.value($0) == nil } ?? false
    }

    /// Why a kernel with `features` lacks it, nil when it has it: the skip
    /// reason of a scenario that needs it.
    public func missing(from features: VFIOFeatures) -> String? {
        guard !features.has(self) else { return nil }
        if let newerSwitch {
            return features.unknown.contains(self) ? "CONFIG_\(newerSwitch) is not in this kernel (its config does not know the option)"
                : "CONFIG_\(newerSwitch) is off in this kernel"
        }
        return switch self {
        case .group: "CONFIG_VFIO_GROUP is off in this kernel"
        case .container: "this kernel has no container (neither VFIO_CONTAINER nor IOMMUFD_VFIO_CONTAINER)"
        case .type1: "this kernel has no vfio_iommu_type1 (no legacy container)"
        default: "noiommu cdev not in this kernel (its config has neither CONFIG_IOMMUFD_NOIOMMU nor CONFIG_VFIO_CDEV_NOIOMMU, the series' switch)"
        }
    }

    // MARK: A variant's wants become a tree's options

    /// What to configure for it on a tree that `defines` these symbols, or
    /// why the wants cannot be had there. Features the wants do not name
    /// come with those they do: type1 with the legacy container, the
    /// noiommu cdev with noiommu, iommufd wherever the tree has it.
    func options(_ wants: FeatureWants, defines: (String) -> Bool) -> FeatureWants.Mapping {
        var options: [(option: String, value: String)] = []
        var notes: [String] = []
        func set(_ symbol: String, _ value: String) { options.append(("CONFIG_" + symbol, value)) }
        switch self {
        // The group interface is VFIO's original API: without a switch it is simply there.
        case .group:
            switch wants.group {
            case .yes, .ifAvailable:
                if defines("VFIO_GROUP") { set("VFIO_GROUP", "y") } else { notes.append("no CONFIG_VFIO_GROUP: groups are built with VFIO in this tree") }
            case .no:
                guard defines("VFIO_GROUP") else { return .unavailable("this tree has no CONFIG_VFIO_GROUP: the group interface is always built with VFIO") }
                set("VFIO_GROUP", "n")
            }
        case .container:
            switch wants.container {
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
                guard defines("IOMMUFD") else { return .unavailable("this tree has no iommufd (no CONFIG_IOMMUFD)") }
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
        case .noiommu:
            let onCdev = wants.cdev != .no && defines("VFIO_DEVICE_CDEV")
            switch wants.noiommu {
            case .yes:
                let split = ["VFIO_GROUP_NOIOMMU", "VFIO_CDEV_NOIOMMU"].filter(defines)
                guard defines("VFIO_NOIOMMU") || !split.isEmpty else { return .unavailable("this tree has no CONFIG_VFIO_NOIOMMU") }
                if defines("VFIO_NOIOMMU") { set("VFIO_NOIOMMU", "y") }
                if wants.group != .no && defines("VFIO_GROUP_NOIOMMU") { set("VFIO_GROUP_NOIOMMU", "y") }
                if onCdev && defines("VFIO_CDEV_NOIOMMU") { set("VFIO_CDEV_NOIOMMU", "y") }
                if onCdev && defines("IOMMUFD_NOIOMMU") { set("IOMMUFD_NOIOMMU", "y") }
            case .ifAvailable:
                if defines("VFIO_NOIOMMU") { set("VFIO_NOIOMMU", "y") } else { notes.append("no CONFIG_VFIO_NOIOMMU in this tree") }
            case .no:
                if defines("VFIO_NOIOMMU") { set("VFIO_NOIOMMU", "n") }
            }
        case .cdev:
            switch wants.cdev {
            case .yes:
                guard defines("VFIO_DEVICE_CDEV") else { return .unavailable("this tree has no device cdev (no CONFIG_VFIO_DEVICE_CDEV)") }
                set("VFIO_DEVICE_CDEV", "y")
            case .ifAvailable:
                if defines("VFIO_DEVICE_CDEV") { set("VFIO_DEVICE_CDEV", "y") } else { notes.append("no CONFIG_VFIO_DEVICE_CDEV: no device cdev in this tree") }
            case .no:
                if defines("VFIO_DEVICE_CDEV") { set("VFIO_DEVICE_CDEV", "n") }
            }
        // iommufd is built wherever the tree has it, so its scenarios run.
        case .iommufd:
            if defines("IOMMUFD") { set("IOMMUFD", "m") } else { notes.append("no CONFIG_IOMMUFD: this tree has no iommufd") }
        case .type1, .noiommuCdev:
            break
        }
        return .options(options, notes: notes)
    }
}
