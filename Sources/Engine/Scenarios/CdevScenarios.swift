import Dispatch
import Host
import SystemPackage
import VFIO

/// The device cdev lifecycle (/dev/vfio/devices/[noiommu-]vfioN with
/// iommufd), written once and declared for each kind of device that offers
/// it, plus what only a noiommu device has: the CAP_SYS_RAWIO check at open,
/// the physical-address query, the taint, and the mode flipped while the
/// cdev is open, bound or closed (the review's point (b)).
enum CdevScenarios {
    /// IOVAs the map scenarios use: page aligned, far from zero.
    static let iova: UInt64 = 0x20_0000
    static let unmappedIOVA: UInt64 = 0x1000_0000

    static let all: [Scenario] = CdevDevice.allCases.flatMap(lifecycle) + noiommuOnly + [detect]

    /// Opens the cdev and binds it to a new iommufd, each a step under the
    /// name given (a scenario that does it twice names the second time).
    static func openAndBind(_ s: ScenarioContext, open: String = "open cdev", iommufd: String = "open /dev/iommu",
                            bind: String = "BIND_IOMMUFD") throws(ScenarioStop) -> (Device, IOMMUFD) {
        let device = try s.openCdev(open)
        let context = try s.openIOMMUFD(iommufd)
        try s.expect(bind, s.attempt { _ = try device.bind(to: context) })
        return (device, context)
    }

    /// Binds the open cdev to a new iommufd and attaches it to a new IOAS.
    static func bindAndAttach(_ s: ScenarioContext, _ device: Device) throws(ScenarioStop) -> (IOMMUFD, UInt32) {
        let iommufd = try s.openIOMMUFD()
        try s.expect("BIND_IOMMUFD", s.attempt { _ = try device.bind(to: iommufd) })
        let ioas = try s.require("IOAS_ALLOC") { try iommufd.allocateIOAS() }
        try s.expect("ATTACH_IOMMUFD_PT", s.attempt { _ = try device.attach(pageTable: ioas) })
        return (iommufd, ioas)
    }

    static func lifecycle(_ kind: CdevDevice) -> [Scenario] {
        let family = kind.family, needs = kind.needs
        return [
            Scenario("\(family)/node", "the cdev of \(kind.noun) and its name",
                     detail: "Binds \(kind.noun): its vfio-dev entry and /dev/vfio/devices node exist, named vfioN behind an IOMMU and noiommu-vfioN for a noiommu device.",
                     needs: needs) { s throws(ScenarioStop) in
                try kind.setUp(s)
                try s.expect("vfio-dev entry", CdevDevice.entryKind(s.cdevName))
                try s.expect("cdev node", s.presence(s.cdevNode))
                try s.expect("unbind", s.unbind())
                try s.expect("cdev node after unbind", s.presence(s.cdevNode))
            },
            Scenario("\(family)/bind-attach", "open the cdev, bind iommufd, attach an IOAS, GET_INFO, detach, close",
                     detail: "The full cdev path on \(kind.noun): every step succeeds and closing unwinds it.",
                     needs: needs) { s throws(ScenarioStop) in
                try kind.setUp(s)
                let device = try s.openCdev()
                let (iommufd, ioas) = try bindAndAttach(s, device)
                try s.expect("GET_INFO", s.attempt { _ = try device.info() })
                try s.expect("DETACH_IOMMUFD_PT", s.attempt { try device.detachPageTable() })
                try s.close(device.fd, "close device")
                try s.expect("IOMMU_DESTROY ioas", s.attempt { try iommufd.destroy(ioas) })
                try s.close(iommufd.fd, "close iommufd")
                try s.expect("unbind", s.unbind())
            },
            Scenario("\(family)/ioctl-before-bind", "a cdev fd does nothing before BIND_IOMMUFD",
                     detail: "GET_INFO on a freshly opened cdev fails with EINVAL; after BIND_IOMMUFD it works. Open, close and open again.",
                     needs: needs) { s throws(ScenarioStop) in
                try kind.setUp(s)
                let first = try s.openCdev()
                try s.expect("GET_INFO before BIND_IOMMUFD", s.attempt { _ = try first.info() })
                try s.close(first.fd, "close device")
                let (device, _) = try openAndBind(s, open: "open cdev again")
                try s.expect("GET_INFO", s.attempt { _ = try device.info() })
            },
            Scenario("\(family)/second-bind-refused", "a bound cdev cannot be bound again",
                     detail: "BIND_IOMMUFD twice on one fd: the second is refused (\"one device cannot be bound twice\"); a second fd of the same device cannot be bound while the first is; the first keeps working.",
                     needs: needs) { s throws(ScenarioStop) in
                try kind.setUp(s)
                let (device, iommufd) = try openAndBind(s)
                try s.expect("second BIND_IOMMUFD on the fd", s.attempt { _ = try device.bind(to: iommufd) })
                let other = try s.openCdev("open cdev again")
                try s.expect("BIND_IOMMUFD on a second fd", s.attempt { _ = try other.bind(to: iommufd) })
                try s.close(other.fd, "close second fd")
                try s.expect("GET_INFO", s.attempt { _ = try device.info() })
            },
            Scenario("\(family)/ioas-map-unmap", "map and unmap a user buffer in the attached IOAS",
                     detail: "Binds, attaches an IOAS and maps 4 pages of this process at a fixed IOVA: MAP succeeds, UNMAP of the range unmaps all of it, a second UNMAP finds nothing (ENOENT), detach and close succeed.",
                     needs: needs) { s throws(ScenarioStop) in
                try kind.setUp(s)
                let device = try s.openCdev()
                let (iommufd, ioas) = try bindAndAttach(s, device)
                let buffer = try s.require("allocate 4 pages") { try PinnedBuffer(pages: 4) }
                let length = UInt64(buffer.length)
                try s.expect("IOAS_MAP", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: length, iova: iova) })
                try s.expect("IOAS_UNMAP", s.answer { try iommufd.unmap(ioas: ioas, iova: iova, length: length) == length ? "all" : "part" })
                try s.expect("IOAS_UNMAP again", s.attempt { _ = try iommufd.unmap(ioas: ioas, iova: iova, length: length) })
                try s.expect("DETACH_IOMMUFD_PT", s.attempt { try device.detachPageTable() })
                try s.close(device.fd, "close device")
                withExtendedLifetime(buffer) {}
            },
            Scenario("\(family)/info-reset", "GET_INFO and RESET on a bound cdev",
                     detail: "After BIND_IOMMUFD, GET_INFO reports a PCI device; VFIO_DEVICE_RESET succeeds when GET_INFO offers reset and is refused when it does not (QEMU's edu has no reset method).",
                     needs: needs) { s throws(ScenarioStop) in
                try kind.setUp(s)
                let (device, _) = try openAndBind(s)
                let info = try s.require("GET_INFO") { try device.info() }
                try s.expect("GET_INFO reports PCI", info.flags.contains(.pci) ? "yes" : "no")
                try s.expect("DEVICE_RESET", (info.flags.contains(.reset) ? "flag:" : "no flag:") + s.attempt { try device.reset() })
            },
            Scenario("\(family)/close-reopen", "close a bound cdev and bind it again",
                     detail: "Open, bind, close; open again: the new fd binds to a new iommufd and works, so closing released the binding.",
                     needs: needs) { s throws(ScenarioStop) in
                try kind.setUp(s)
                let (first, iommufd) = try openAndBind(s)
                try s.close(first.fd, "close device")
                try s.close(iommufd.fd, "close iommufd")
                let (again, _) = try openAndBind(s, open: "open cdev again", iommufd: "open /dev/iommu again", bind: "BIND_IOMMUFD again")
                try s.expect("GET_INFO", s.attempt { _ = try again.info() })
            },
            Scenario("\(family)/unbind-while-bound", "unbind blocks until the bound cdev is closed",
                     detail: "Opens and binds the cdev, starts an unbind: after 2 s it is still blocked (vfio-pci asks the user to release the device). Closing the cdev lets it finish; the node goes.",
                     needs: needs) { s throws(ScenarioStop) in
                try kind.setUp(s)
                let (device, _) = try openAndBind(s)
                let bus = s.environment.bus, address = s.address
                let unbind = BackgroundCall { Observation.answer { try bus.unbind(address) } }
                try s.expect("unbind while cdev bound", unbind.wait(seconds: 2) == nil ? "blocked" : "returned")
                try s.close(device.fd, "close device")
                guard let answer = unbind.wait(seconds: 10) else { throw .hang(step: "unbind after close", seconds: 10) }
                try s.expect("unbind after close", answer)
                try s.expect("cdev node after unbind", s.presence(s.cdevNode))
            },
            Scenario("\(family)/rmmod-vfio-pci-while-open", "rmmod vfio-pci is refused while the cdev is open",
                     detail: "An open cdev holds a reference on vfio-pci: rmmod fails and the device keeps working; after closing, rmmod succeeds.",
                     needs: needs) { s throws(ScenarioStop) in
                try kind.setUp(s)
                let (device, _) = try openAndBind(s)
                let kmod = s.environment.kmod
                try s.expect("rmmod vfio_pci while cdev open", s.attempt { try kmod.remove("vfio_pci") })
                try s.expect("GET_INFO", s.attempt { _ = try device.info() })
                try s.close(device.fd, "close device")
                try s.expect("rmmod vfio_pci", try s.blocking("rmmod vfio_pci") { Observation.answer { try kmod.remove("vfio_pci") } })
            },
            Scenario("\(family)/excludes-group", "a bound cdev and the group path exclude each other",
                     detail: "The cdev claims the group at BIND_IOMMUFD, not at open: the group still opens while the cdev is only open; once bound, opening the group fails with EBUSY. The other way round, BIND_IOMMUFD fails with EBUSY while the group is open.",
                     needs: needs + [.group]) { s throws(ScenarioStop) in
                try kind.setUp(s)
                let node = FilePath(s.groupNode ?? "")
                let device = try s.openCdev()
                try s.expect("open group while cdev unbound", s.attempt { try Group.open(node).close() })
                let iommufd = try s.openIOMMUFD()
                try s.expect("BIND_IOMMUFD", s.attempt { _ = try device.bind(to: iommufd) })
                try s.expect("open group while cdev bound", s.attempt { try Group.open(node).close() })
                try s.close(device.fd, "close device")
                let group = try s.openGroup()
                let again = try s.openCdev("open cdev again")
                try s.expect("BIND_IOMMUFD while group open", s.attempt { _ = try again.bind(to: iommufd) })
                try s.close(again.fd, "close device")
                try s.close(group.fd, "close group")
            },
        ]
    }
}
