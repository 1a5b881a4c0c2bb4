import Host
import Probes

/// The device's nodes, read from the environment alone, so a race's
/// worker threads can find them too.
extension TestEnvironment {
    /// The group node of the bound device: /dev/vfio/noiommu-N or /dev/vfio/N.
    var groupNode: String? { groupNode(of: bus.links(device.address).iommuGroup) }

    /// The node of IOMMU group `group`, when there is one, the noiommu node first.
    func groupNode(of group: String?) -> String? {
        guard let group else { return nil }
        let noiommu = root.dev("vfio/noiommu-" + group)
        if SysFile.exists(noiommu) { return noiommu }
        let plain = root.dev("vfio/" + group)
        return SysFile.exists(plain) ? plain : nil
    }

    /// "noiommu", "plain" or "absent": what the group node says of the device.
    var groupNodeKind: String { Self.kind(ofGroupNode: groupNode) }

    static func kind(ofGroupNode node: String?) -> String {
        guard let node else { return "absent" }
        return SysFile.lastComponent(node).utf8.starts(with: "noiommu-".utf8) ? "noiommu" : "plain"
    }

    /// "set" or "clear"; what went wrong when the mask cannot be read (a
    /// kernel without /proc/sys), which no row expects.
    func taint(_ flag: TaintFlags) -> String {
        let file = root.proc("sys/kernel/tainted")
        return Self.taint(flag) { () throws(ProbeError) in try TaintFlags.read(file: file) }
    }

    /// The same of the mask `read` gives.
    static func taint(_ flag: TaintFlags, _ read: () throws(ProbeError) -> TaintFlags) -> String {
        do { return try read().contains(flag) ? "set" : "clear" } catch {
            return "unreadable (\(error))"
        }
    }

    /// The cdev the kernel registered for the device (`vfioN`, or
    /// `noiommu-vfioN` on trees with the noiommu-cdev series), if any.
    var cdevName: String? { cdevName(of: device.address) }

    func cdevName(of address: PCIAddress) -> String? {
        SysFile.list(root.sys("bus/pci/devices/\(address)/vfio-dev")).first
    }

    var cdevNode: String? { cdevNode(named: cdevName) }

    /// The /dev/vfio/devices node of vfio-dev entry `name`.
    func cdevNode(named name: String?) -> String? {
        guard let name else { return nil }
        let plain = root.dev("vfio/devices/" + name)
        if SysFile.exists(plain) { return plain }
        let noiommu = root.dev("vfio/devices/noiommu-" + name)
        return SysFile.exists(noiommu) ? noiommu : nil
    }
}
