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
        Setups.cdevBound(.noiommu).test("noiommu-cdev/open-needs-rawio", "opening a noiommu cdev needs CAP_SYS_RAWIO",
                 detail: "A thread that dropped CAP_SYS_RAWIO opens /dev/vfio/devices/noiommu-vfioN and is refused with EPERM (the series checks at open, on the state recorded at register time); the harness itself opens it.") { s, _ throws(ScenarioStop) in
            guard let node = s.cdevNode else { try s.require("cdev node", "absent"); return }
            let kernel = s.kernel
            try s.check("open without CAP_SYS_RAWIO", withoutRawIO: { kernel.answer { try kernel.openCdev(node) } })
            try s.check("open with CAP_SYS_RAWIO", s.answer(openingCdev: node))
        },
        Setups.cdevAttached(.noiommu).test("noiommu-cdev/get-pa", "the PA query: every answer iommufd_ioas_noiommu_get_pa can give",
                 detail: "Maps 4 pages into the IOAS the noiommu cdev is attached to and asks IOMMU_IOAS_NOIOMMU_GET_PA (its number from the tree's uapi header): a mapped IOVA answers the PA /proc/self/pagemap gives and the physically contiguous run from there; 0x80 into it, PA+0x80 and the run less 0x80; a length below the run is returned as given. Refused: unmapped or just past the mapping, length 0 (also unmapped: checked first), flags or __reserved set, IOVA ULONG_MAX, an unknown IOAS id, a thread without CAP_SYS_RAWIO, an IOAS no noiommu device is attached to, and the IOAS after DETACH.") { s, cdev throws(ScenarioStop) in
            guard let command = s.getPACommand else { try s.skip("the tree's include/uapi/linux/iommufd.h has no noiommu PA query") }
            let (device, iommufd, ioas) = cdev
            let buffer = try s.must("allocate 4 pages") { try PinnedBuffer(pages: 4) }
            let length = UInt64(buffer.length), page = length / 4
            try s.require("IOAS_MAP", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: length, iova: iova) })
            let pages = try s.must("read /proc/self/pagemap") { try buffer.physicalAddresses() }
            guard let first = pages[0] else { try s.require("first page present in pagemap", "absent"); return }
            let run = PinnedBuffer.contiguousBytes(from: pages, page: page)
            @Sendable func query(_ at: UInt64, _ length: UInt64, ioas id: UInt32 = ioas, flags: UInt32 = 0, reserved: UInt32 = 0) throws(Errno) -> (phys: UInt64, length: UInt64) {
                try iommufd.physicalAddress(command: command, ioas: id, iova: at, length: length, flags: flags, reserved: reserved)
            }
            try s.check("PA of a mapped IOVA", s.answer {
                let answer = try query(iova, length)
                return answer == (first, run) ? "pagemap's, with its contiguous run" : "phys \(hex(answer.phys)) length \(hex(answer.length)), pagemap \(hex(first)) run \(hex(run))"
            })
            try s.check("PA 0x80 into the mapping", s.answer {
                let answer = try query(iova + 0x80, length)
                return answer == (first + 0x80, run - 0x80) ? "PA+0x80, the run less 0x80" : "phys \(hex(answer.phys)) length \(hex(answer.length))"
            })
            for (step, cap) in [("PA capped at half a page", page / 2), ("PA capped at one byte", UInt64(1))] {
                try s.check(step, s.answer { let answer = try query(iova, cap); return answer.length == cap ? "as given" : "length \(hex(answer.length))" })
            }
            try s.check("PA of an unmapped IOVA", s.attempt { _ = try query(unmappedIOVA, page) })
            try s.check("PA just past the mapping", s.attempt { _ = try query(iova + length, page) })
            try s.check("PA with length 0", s.attempt { _ = try query(iova, 0) })
            try s.check("PA with length 0 of an unmapped IOVA", s.attempt { _ = try query(unmappedIOVA, 0) })
            try s.check("PA with flags set", s.attempt { _ = try query(iova, page, flags: 1) })
            try s.check("PA with __reserved set", s.attempt { _ = try query(iova, page, reserved: 1) })
            try s.check("PA at IOVA ULONG_MAX", s.attempt { _ = try query(UInt64.max, page) })
            try s.check("PA of an unknown IOAS", s.attempt { _ = try query(iova, page, ioas: ioas + 0x100) })
            try s.check("PA without CAP_SYS_RAWIO", withoutRawIO: { Observation.answer { _ = try query(iova, page) } })
            let other = try s.must("IOAS_ALLOC a second IOAS") { try iommufd.allocateIOAS() }
            try s.must("IOAS_MAP into the second IOAS") { try iommufd.map(ioas: other, userVA: buffer.address, length: length, iova: iova) }
            try s.check("PA on an IOAS no noiommu device is attached to", s.attempt { _ = try query(iova, page, ioas: other) })
            try s.check("DETACH_IOMMUFD_PT", s.attempt { try device.detachPageTable() })
            try s.check("PA after detach", s.attempt { _ = try query(iova, page) })
            try s.check("IOAS_UNMAP", s.answer { try iommufd.unmap(ioas: ioas, iova: iova, length: length) == length ? "all" : "part" })
            withExtendedLifetime(buffer) {}
        },
        Setups.cdevBound(.noiommu).test("noiommu-cdev/taint", "registering a noiommu cdev taints the kernel",
                 detail: "Binding with the mode on registers the noiommu device, which adds TAINT_USER (U) at register time, before any open.") { s, _ throws(ScenarioStop) in
            try s.check("taint U after register", s.taint(.user))
        },
        Setups.cdevOpen(.noiommu).test("noiommu-cdev/toggle-while-open", "mode turned off and on while the noiommu cdev is open",
                 detail: "Opens the cdev, turns the mode off: BIND_IOMMUFD still works (the device was registered as noiommu; the live parameter must not decide), GET_INFO works, the name stays noiommu-vfioN; mode on again, close.") { s, device throws(ScenarioStop) in
            try s.setMode(false)
            let iommufd = try s.openIOMMUFD()
            try s.check("BIND_IOMMUFD with mode off", s.attempt { _ = try device.bind(to: iommufd) })
            try s.check("GET_INFO with mode off", s.attempt { _ = try device.info() })
            try s.check("vfio-dev entry with mode off", CdevDevice.entryKind(s.cdevName))
            try s.setMode(true)
            try s.close(device, "close device")
        },
        Setups.cdevOpen(.noiommu).test("noiommu-cdev/toggle-while-second-registers", "mode turned off while the noiommu cdev is open, then a second device registers",
                 detail: "Opens the cdev, turns the mode off and binds a second test device (pci-testdev) to vfio-pci: without an IOMMU and with the mode off it must not register (vfio_group_find_or_alloc, or without groups the IOMMU_CAP_CACHE_COHERENCY check in __vfio_register_dev: EINVAL), and the open device stays noiommu-vfioN and still binds. Mode on: the second device registers as noiommu-vfioN too, and unbinds.") { s, device throws(ScenarioStop) in
            guard let second = s.companion?.address else { try s.skip("this machine has one test device: a second (pci-testdev beside edu) is what registers") }
            try s.setMode(false)
            try s.check("second device bind with mode off", s.tryBind(second))
            try s.check("vfio-dev entry after the second bind", CdevDevice.entryKind(s.cdevName))
            let iommufd = try s.openIOMMUFD()
            try s.check("BIND_IOMMUFD after the second bind", s.attempt { _ = try device.bind(to: iommufd) })
            try s.setMode(true)
            try s.check("second device bind with mode on", s.tryBind(second))
            try s.check("second device vfio-dev entry", CdevDevice.entryKind(s.cdevName(of: second)))
            try s.check("second device unbind", s.unbind(second, step: "second device unbind"))
            try s.close(device, "close device")
        },
        Setups.cdevAttached(.noiommu).test("noiommu-cdev/toggle-while-bound", "mode turned off and on while the noiommu cdev is bound and attached",
                 detail: "Binds and attaches an IOAS, turns the mode off: mapping a buffer and GET_INFO still work, detach works; on again, close, unbind.") { s, cdev throws(ScenarioStop) in
            let (device, iommufd, ioas) = cdev
            try s.setMode(false)
            let buffer = try s.must("allocate 4 pages") { try PinnedBuffer(pages: 4) }
            try s.check("IOAS_MAP with mode off", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: UInt64(buffer.length), iova: iova) })
            try s.check("GET_INFO with mode off", s.attempt { _ = try device.info() })
            try s.check("DETACH_IOMMUFD_PT with mode off", s.attempt { try device.detachPageTable() })
            try s.setMode(true)
            try s.close(device, "close device")
            try s.check("unbind", s.unbind())
            withExtendedLifetime(buffer) {}
        },
        Setups.cdevAttached(.noiommu).test("noiommu-cdev/toggle-while-mapped", "mode turned off while an IOVA is mapped: the PA query and unmap",
                 detail: "Maps 4 pages, turns the mode off: the PA query still answers the pagemap PA (the device was registered as noiommu, and the query checks only CAP_SYS_RAWIO and the IOAS's storage domain), a new mapping works, unmap works; mode on again.") { s, cdev throws(ScenarioStop) in
            guard let command = s.getPACommand else { try s.skip("the tree's include/uapi/linux/iommufd.h has no noiommu PA query") }
            let (_, iommufd, ioas) = cdev
            let buffer = try s.must("allocate 4 pages") { try PinnedBuffer(pages: 4) }
            let length = UInt64(buffer.length)
            try s.require("IOAS_MAP", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: length, iova: iova) })
            let pages = try s.must("read /proc/self/pagemap") { try buffer.physicalAddresses() }
            try s.setMode(false)
            try s.check("PA with mode off", s.answer {
                let answer = try iommufd.physicalAddress(command: command, ioas: ioas, iova: iova, length: length / 4)
                return answer.phys == pages[0] ? "pagemap's" : "phys \(hex(answer.phys))"
            })
            try s.check("IOAS_MAP with mode off", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: length, iova: iova + length) })
            try s.check("IOAS_UNMAP with mode off", s.answer { try iommufd.unmap(ioas: ioas, iova: iova, length: 2 * length) == 2 * length ? "all" : "part" })
            try s.setMode(true)
            withExtendedLifetime(buffer) {}
        },
        Setups.cdevBoundToIOMMUFD(.noiommu).test("noiommu-cdev/toggle-between-bind-and-attach", "mode turned off between BIND_IOMMUFD and the IOAS attach",
                 detail: "Opens and binds the cdev with the mode on, turns the mode off, then allocates an IOAS and attaches: the attach takes the noiommu ops the device was registered with, not the live parameter; detach works; mode on again.") { s, cdev throws(ScenarioStop) in
            let (device, iommufd) = cdev
            try s.setMode(false)
            let ioas = try s.must("IOAS_ALLOC") { try iommufd.allocateIOAS() }
            try s.check("ATTACH_IOMMUFD_PT with mode off", s.attempt { _ = try device.attach(pageTable: ioas) })
            try s.check("DETACH_IOMMUFD_PT with mode off", s.attempt { try device.detachPageTable() })
            try s.setMode(true)
        },
        Setups.cdevBoundToIOMMUFD(.noiommu).test("noiommu-cdev/toggle-after-close", "mode off after close, before unbind; a rebind works",
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
    static let detect = Setups.noiommuBoundAnyInterface.test(
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
        let command = getPACommand ?? TestEnvironment.mergedGetPACommand
        guard features.iommufd else { return "no iommufd" }
        try load("iommufd")
        let iommufd = try openIOMMUFD()
        // A length and IOAS id the handler checks in that order: 7.3.4 refuses length 0 before the lookup.
        return attempt { _ = try iommufd.physicalAddress(command: command, ioas: 0, iova: 0, length: 0x1000) }
    }
}
