import Host
import Probes
import SystemPackage
import VFIO

/// The set-ups most scenarios share, so each scenario reads as the behaviour
/// it checks.
extension ScenarioContext {
    /// Unbind succeeds and takes the group node with it.
    func checkCleanUnbind() throws(ScenarioStop) {
        try require("unbind", unbind())
        try check("group node after unbind", groupNodeKind)
    }

    /// Opens group, container and device: the full group path.
    func openDevice() throws(ScenarioStop) -> GroupPath {
        let group = try openGroup()
        let container = try attach(group)
        return GroupPath(group: group, container: container, device: try device(from: group))
    }

    /// Closes the path's files in `order` (default: device, group, container),
    /// each close a step that must succeed.
    func close(_ path: GroupPath, order: [GroupPath.File] = [.device, .group, .container]) throws(ScenarioStop) {
        for file in order { try close(path[file], "close \(file.rawValue)") }
    }

    func statusText(_ group: any GroupFile) -> String {
        do {
            let status = try group.status()
            var flags: [String] = []
            if status.contains(.viable) { flags.append("viable") }
            if status.contains(.containerSet) { flags.append("container-set") }
            return flags.isEmpty ? "none" : flags.joined(separator: ",")
        } catch {
            return Observation.of(error)
        }
    }

    /// Removes the modules given, in order, each a step; then what loading
    /// them pulled in beyond that list, as libkmod reads it from the
    /// modules' dependencies (7.3's iommufd brings iommu_amdv1, which
    /// IOMMUFD_NOIOMMU selects), holders first, as one step.
    func unloadInOrder(_ modules: [String]) throws(ScenarioStop) {
        let pulledIn = Set(modules.flatMap(kernel.dependencies)).subtracting(modules).intersection(kernel.loadedModules())
        for name in modules where kernel.moduleState(name) != .absent {
            try check("rmmod \(name)", rmmod(name))
        }
        guard !pulledIn.isEmpty else { return }
        let problems = kernel.unload(pulledIn)
        try check("rmmod what the loads pulled in", problems.isEmpty ? "ok" : problems.joined(separator: "; "))
    }

    var loadedState: [String: Int] {
        Dictionary(uniqueKeysWithValues: kernel.loadedModules().map { ($0, kernel.refcount($0) ?? 0) })
    }
}

extension ScenarioContext {
    /// What CHECK_EXTENSION says of `type`: the number, or the errno name.
    func extensionAnswer(_ container: any ContainerFile, _ type: IOMMUType) -> String {
        answer { String(try container.checkExtension(type)) }
    }

    /// Opens the cdev and binds it to a new iommufd, each a step under the
    /// name given (a scenario that does it twice names the second time).
    func openAndBind(open: String = "open cdev", iommufd: String = "open /dev/iommu",
                     bind: String = "BIND_IOMMUFD") throws(ScenarioStop) -> (any DeviceFile, any IOMMUFDFile) {
        let device = try openCdev(open)
        let context = try openIOMMUFD(iommufd)
        try require(bind, attempt { _ = try device.bind(to: context) })
        return (device, context)
    }

    /// Binds the open cdev to a new iommufd and attaches it to a new IOAS.
    func bindAndAttach(_ device: any DeviceFile) throws(ScenarioStop) -> (any IOMMUFDFile, UInt32) {
        let iommufd = try openIOMMUFD()
        try require("BIND_IOMMUFD", attempt { _ = try device.bind(to: iommufd) })
        let ioas = try must("IOAS_ALLOC") { try iommufd.allocateIOAS() }
        try require("ATTACH_IOMMUFD_PT", attempt { _ = try device.attach(pageTable: ioas) })
        return (iommufd, ioas)
    }

    /// `check` of what `work` answers on a thread without CAP_SYS_RAWIO;
    /// still blocked after `timeout`, the cell is a hang at the step.
    func check(_ step: String, withoutRawIO work: @escaping @Sendable () -> String, timeout: Double = 10) throws(ScenarioStop) {
        let answer: String
        do { answer = try UnprivilegedThread.run(without: Privilege.capSysRawIO, timeout: timeout, work) } catch .timedOut {
            record(step, "blocked", seconds: timeout)
            throw .hang(step: step, seconds: timeout)
        } catch {
            throw .harness("could not drop CAP_SYS_RAWIO on a worker thread: \(error)")
        }
        try check(step, answer)
    }
}
