import Host
import Kmod
import Probes

/// The state every cell must leave behind as it found it: VFIO nodes, loaded
/// modules and their refcounts, the device's driver and group, the noiommu
/// parameter, and the W and D taints.
struct SystemSnapshot: Equatable {
    var nodes: [String]
    var modules: [String: Int]
    var driver: String?
    var iommuGroup: String?
    var noiommu: String?
    /// nil when the mask cannot be read: then no cell can show it unchanged.
    var taint: TaintFlags?

    init(_ environment: TestEnvironment) {
        let root = environment.root
        nodes = Self.listing(root.dev("vfio"))
        modules = Dictionary(uniqueKeysWithValues: environment.kmod.loadedModules().map {
            ($0, environment.kmod.refcount($0) ?? 0)
        })
        let device = try? environment.bus.device(environment.device.address)
        driver = device?.driver
        iommuGroup = device?.iommuGroup
        noiommu = try? ModuleParameter.noiommu(root: root).read()
        taint = try? TaintFlags.read(procRoot: root.proc(""))
    }

    /// What is not back to `baseline`, one sentence each.
    func brokenInvariants(against baseline: SystemSnapshot) -> [String] {
        var broken: [String] = []
        if nodes != baseline.nodes {
            let added = Set(nodes).subtracting(baseline.nodes).sorted()
            let gone = Set(baseline.nodes).subtracting(nodes).sorted()
            broken.append("/dev/vfio differs from baseline: added \(added), gone \(gone)")
        }
        for name in Set(modules.keys).union(baseline.modules.keys).sorted() where modules[name] != baseline.modules[name] {
            let before = baseline.modules[name].map { "refcount \($0)" } ?? "not loaded"
            let after = modules[name].map { "refcount \($0)" } ?? "not loaded"
            broken.append("module \(name): \(after), baseline \(before)")
        }
        if driver != baseline.driver {
            broken.append("device driver \(driver ?? "none"), baseline \(baseline.driver ?? "none")")
        }
        if iommuGroup != baseline.iommuGroup {
            broken.append("device iommu_group \(iommuGroup ?? "none"), baseline \(baseline.iommuGroup ?? "none")")
        }
        if noiommu != baseline.noiommu {
            broken.append("enable_unsafe_noiommu_mode \(noiommu ?? "absent"), baseline \(baseline.noiommu ?? "absent")")
        }
        if let taint, let before = baseline.taint {
            let unexpected = taint.subtracting(before).intersection([.warning, .die])
            if !unexpected.isEmpty { broken.append("kernel tainted \(unexpected.letters) during the cell") }
        } else {
            broken.append("the taint mask cannot be read (/proc/sys/kernel/tainted): the cell cannot show the kernel was not tainted")
        }
        return broken
    }

    /// Whether the machine is as a stack's load left it (`loaded`), with no
    /// taint since the run's `baseline`: what a cell may start from in place
    /// of a fresh load.
    func matches(loaded: SystemSnapshot, baseline: SystemSnapshot) -> Bool {
        var expected = loaded
        expected.taint = baseline.taint
        return brokenInvariants(against: expected).isEmpty
    }

    private static func listing(_ directory: String, prefix: String = "") -> [String] {
        SysFile.list(directory).flatMap { name -> [String] in
            let path = directory + "/" + name
            let children = listing(path, prefix: prefix + name + "/")
            return [prefix + name] + children
        }
    }
}
