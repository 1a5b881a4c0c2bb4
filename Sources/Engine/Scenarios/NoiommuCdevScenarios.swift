import Host
import Probes
import SystemPackage
import VFIO

/// What only a noiommu device on the cdev has (the noiommu cdev series):
/// detection from the kernel itself, the CAP_SYS_RAWIO check at open, the
/// physical-address query, the taint, and the review's point (b): the mode
/// flipped while the cdev is open, bound, or closed before unbind.
extension CdevScenarios {
    static let noiommuOnly: [Scenario] = [
        CdevDevice.noiommu.bound.test("noiommu-cdev/open-needs-rawio", "opening a noiommu cdev needs CAP_SYS_RAWIO",
                 detail: "A thread that dropped CAP_SYS_RAWIO opens /dev/vfio/devices/noiommu-vfioN and is refused with EPERM (the series checks at open, on the state recorded at register time); the harness itself opens it.") { s, _ throws(ScenarioStop) in
            guard let node = s.cdevNode else { try s.require("cdev node", "absent"); return }
            let vfio = s.environment.vfio
            try s.check("open without CAP_SYS_RAWIO", s.openWithoutRawIO { try vfio.openDevice(node) })
            try s.check("open with CAP_SYS_RAWIO", s.attempt { try vfio.openDevice(node).close() })
        },
        CdevDevice.noiommu.attached.test("noiommu-cdev/get-pa", "the PA query on a mapped, an unmapped, an uncapped and a capped range",
                 detail: "Maps 4 pages into the IOAS the noiommu cdev is attached to and asks IOMMU_IOAS_NOIOMMU_GET_PA (its number from the tree's uapi header): a mapped IOVA answers a non-zero PA and a length within the mapping; an IOVA 0x80 into it ends its length on a page boundary; an unmapped IOVA is refused with ENOENT; length 0 means no cap; a cap of half a page is honoured.") { s, cdev throws(ScenarioStop) in
            guard let command = s.environment.getPACommand else { try s.skip("the tree's include/uapi/linux/iommufd.h has no noiommu PA query") }
            let iommufd = cdev.iommufd, ioas = cdev.ioas
            let buffer = try s.require("allocate 4 pages") { try PinnedBuffer(pages: 4) }
            let length = UInt64(buffer.length), page = length / 4
            try s.require("IOAS_MAP", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: length, iova: iova) })
            func query(_ at: UInt64, cap: UInt64) throws -> (phys: UInt64, length: UInt64) {
                try iommufd.physicalAddress(command: command, ioas: ioas, iova: at, cap: cap)
            }
            try s.check("PA of a mapped IOVA", s.answer {
                let answer = try query(iova, cap: 0)
                return answer.phys != 0 && answer.length >= page && answer.length <= length ? "within the mapping" : "phys \(answer.phys) length \(answer.length)"
            })
            try s.check("PA 0x80 into the mapping", s.answer {
                let answer = try query(iova + 0x80, cap: 0)
                return (answer.phys + answer.length) % page == 0 && answer.length <= length - 0x80 ? "ends on a page" : "phys \(answer.phys) length \(answer.length)"
            })
            try s.check("PA of an unmapped IOVA", s.attempt { _ = try query(unmappedIOVA, cap: 0) })
            try s.check("PA with length 0", s.answer { try query(iova, cap: 0).length == query(iova, cap: UInt64.max).length ? "no cap" : "capped" })
            try s.check("PA capped at half a page", s.answer {
                let answer = try query(iova, cap: page / 2)
                return answer.length > 0 && answer.length <= page / 2 ? "capped" : "length \(answer.length)"
            })
            try s.check("IOAS_UNMAP", s.answer { try iommufd.unmap(ioas: ioas, iova: iova, length: length) == length ? "all" : "part" })
            withExtendedLifetime(buffer) {}
        },
        CdevDevice.noiommu.bound.test("noiommu-cdev/taint", "registering a noiommu cdev taints the kernel",
                 detail: "Binding with the mode on registers the noiommu device, which adds TAINT_USER (U) at register time, before any open.") { s, _ throws(ScenarioStop) in
            try s.check("taint U after register", s.hasTaint(.user) ? "set" : "clear")
        },
        CdevDevice.noiommu.open.test("noiommu-cdev/toggle-while-open", "mode turned off and on while the noiommu cdev is open",
                 detail: "Opens the cdev, turns the mode off: BIND_IOMMUFD still works (the device was registered as noiommu; the live parameter must not decide), GET_INFO works, the name stays noiommu-vfioN; mode on again, close.") { s, device throws(ScenarioStop) in
            try s.setMode(false)
            let iommufd = try s.openIOMMUFD()
            try s.check("BIND_IOMMUFD with mode off", s.attempt { _ = try device.bind(to: iommufd) })
            try s.check("GET_INFO with mode off", s.attempt { _ = try device.info() })
            try s.check("vfio-dev entry with mode off", CdevDevice.entryKind(s.cdevName))
            try s.setMode(true)
            try s.close(device, "close device")
        },
        CdevDevice.noiommu.attached.test("noiommu-cdev/toggle-while-bound", "mode turned off and on while the noiommu cdev is bound and attached",
                 detail: "Binds and attaches an IOAS, turns the mode off: mapping a buffer and GET_INFO still work, detach works; on again, close, unbind.") { s, cdev throws(ScenarioStop) in
            let (device, iommufd, ioas) = cdev
            try s.setMode(false)
            let buffer = try s.require("allocate 4 pages") { try PinnedBuffer(pages: 4) }
            try s.check("IOAS_MAP with mode off", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: UInt64(buffer.length), iova: iova) })
            try s.check("GET_INFO with mode off", s.attempt { _ = try device.info() })
            try s.check("DETACH_IOMMUFD_PT with mode off", s.attempt { try device.detachPageTable() })
            try s.setMode(true)
            try s.close(device, "close device")
            try s.check("unbind", s.unbind())
            withExtendedLifetime(buffer) {}
        },
        CdevDevice.noiommu.boundToIOMMUFD.test("noiommu-cdev/toggle-after-close", "mode off after close, before unbind; a rebind works",
                 detail: "Opens, binds and closes the cdev, turns the mode off and unbinds: the device registered as noiommu unregisters as one, nothing crashes, the node goes. Mode on again and a rebind gives noiommu-vfioN that opens and binds.") { s, cdev throws(ScenarioStop) in
            let (device, iommufd) = cdev
            try s.close(device, "close device")
            try s.setMode(false)
            try s.check("unbind", s.unbind())
            try s.check("cdev node after unbind", s.presence(s.cdevNode))
            try s.setMode(true)
            try s.check("bind with mode on", s.tryBind())
            try s.check("vfio-dev entry", CdevDevice.entryKind(s.cdevName))
            let again = try s.openCdev("open cdev again")
            try s.check("BIND_IOMMUFD again", s.attempt { _ = try again.bind(to: iommufd) })
        },
    ]

    /// Whether this kernel has the noiommu cdev, read three ways from the
    /// kernel itself and each way recorded: the config switch, the node a
    /// noiommu device gets, and the PA query answering something but ENOTTY.
    /// Binding needs no group interface: a tree without one is asked too.
    static let detect = Fixture(stack: .modeOn, needs: [.noiommu, .noIOMMUGroup]) { s throws(ScenarioStop) in try s.bind() }.test(
        "noiommu-cdev/detect", "is the noiommu cdev in this kernel: the switch, the node, the ioctl",
        detail: "Records CONFIG_IOMMUFD_NOIOMMU (or the series' other name, CONFIG_VFIO_CDEV_NOIOMMU) from the running kernel's config, binds a noiommu device with the mode on and records the name of its vfio-dev entry and whether /dev/vfio/devices has a node for it, and asks /dev/iommu the PA query (ENOTTY: absent). Without the series (6.12: a vfioN entry, no node, ENOTTY; 6.1: no entry, no /dev/iommu) every answer says absent; with it every answer says present."
    ) { s, _ throws(ScenarioStop) in
        try s.check("config switch", s.features.noiommuCdev ? "present" : "absent")
        try s.check("vfio-dev entry", CdevDevice.entryKind(s.cdevName))
        try s.check("cdev node", CdevDevice.entryKind(s.cdevNode.map { String($0.split(separator: "/").last ?? "") }))
        try s.check("PA query", s.probeGetPA())
    }
}

extension ScenarioContext {
    /// What the PA query answers on an IOAS id that does not exist: ENOTTY
    /// when the kernel has no such ioctl, an errno of the handler otherwise.
    /// A tree whose header lacks it is asked under the merged number, so
    /// the kernel itself says it is absent.
    func probeGetPA() throws(ScenarioStop) -> String {
        let command = environment.getPACommand ?? TestEnvironment.mergedGetPACommand
        guard features.iommufd else { return "no iommufd" }
        try load("iommufd")
        let iommufd = try openIOMMUFD()
        return attempt { _ = try iommufd.physicalAddress(command: command, ioas: 0, iova: 0, cap: 0) }
    }
}
