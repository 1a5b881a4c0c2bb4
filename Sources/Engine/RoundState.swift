import Host
import Probes

/// What a race round left behind, read after it as the sequential scenarios
/// read each state: the device's driver, its group node, its vfio-dev entry
/// and cdev node, the noiommu mode and the U taint. `contradiction` checks
/// them against each other: a device not bound to vfio-pci has no VFIO
/// node; a bound one has its group node where the kernel has groups (a
/// noiommu one without an IOMMU group), its vfio-dev entry and cdev node
/// where it has the cdev (noiommu-vfioN for a noiommu device on the
/// series); a noiommu node means the kernel is tainted U.
struct RoundState: Sendable, CustomStringConvertible {
    var driver: String?
    /// "noiommu", "plain" or "absent".
    var groupNode: String
    /// "vfioN", "noiommu-vfioN" or "absent".
    var entry: String
    var cdevNode: Bool
    var mode: String
    /// "set", "clear" or why the mask cannot be read.
    var taint: String

    /// Reads the device's links once and the entry once, and
    /// derives the nodes from them: it is read after every round, and a
    /// checker kernel under TCG makes each call dear.
    init(_ environment: TestEnvironment) {
        let links = environment.bus.links(environment.device.address)
        driver = links.driver
        groupNode = TestEnvironment.kind(ofGroupNode: environment.groupNode(of: links.iommuGroup))
        let name = environment.cdevName
        entry = CdevDevice.entryKind(name)
        cdevNode = environment.cdevNode(named: name) != nil
        mode = (try? ModuleParameter.noiommu(root: environment.root).read()) ?? "absent"
        taint = environment.taint(.user)
    }

    var description: String {
        "driver \(driver ?? "none"), group node \(groupNode), vfio-dev entry \(entry), cdev node \(cdevNode ? "present" : "absent"), mode \(mode), taint U \(taint)"
    }

    /// nil when the state holds together on this kernel, else what does not, with the whole state.
    func contradiction(_ environment: TestEnvironment) -> String? {
        let features = environment.features
        var wrong: [String] = []
        if driver == "vfio-pci" {
            let noiommu = !environment.hasIOMMUGroup
            if features.group { if groupNode != (noiommu ? "noiommu" : "plain") { wrong.append("a bound device's group node is \(groupNode)") } }
            if features.cdev && (!noiommu || features.noiommuCdev) {
                let want = noiommu ? "noiommu-vfioN" : "vfioN"
                if entry != want { wrong.append("a bound device's vfio-dev entry is \(entry), not \(want)") }
                if !cdevNode { wrong.append("a bound device has no cdev node") }
            }
            if (groupNode == "noiommu" || entry == "noiommu-vfioN") && taint != "set" { wrong.append("a noiommu device is bound and taint U is \(taint)") }
        } else {
            if groupNode != "absent" { wrong.append("an unbound device has a \(groupNode) group node") }
            if entry != "absent" || cdevNode { wrong.append("an unbound device still has its vfio-dev entry or cdev node") }
        }
        return wrong.isEmpty ? nil : wrong.joined(separator: "; ") + " (\(description))"
    }
}
