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

    /// kselftest's FIXTURE_VARIANT: the lifecycle declared for each kind of device.
    static let all: [Scenario] = lifecycle(.viommu) + lifecycle(.noiommu) + noiommuOnly + [detect]

    static func lifecycle(_ kind: CdevDevice) -> [Scenario] {
        let family = kind.family
        return [
            Setups.cdevBound(kind).test("\(family)/node", "the cdev of \(kind.noun) and its name",
                            detail: "Binds \(kind.noun): its vfio-dev entry and /dev/vfio/devices node exist, named vfioN behind an IOMMU and noiommu-vfioN for a noiommu device.") { s, _ throws(ScenarioStop) in
                try s.check("vfio-dev entry", CdevDevice.entryKind(s.cdevName))
                try s.check("cdev node", s.presence(s.cdevNode))
                try s.require("unbind", s.unbind())
                try s.check("cdev node after unbind", s.presence(s.cdevNode))
            },
            Setups.cdevAttached(kind).test("\(family)/bind-attach", "open the cdev, bind iommufd, attach an IOAS, GET_INFO, detach, close",
                               detail: "The full cdev path on \(kind.noun): every step succeeds and closing unwinds it.") { s, cdev throws(ScenarioStop) in
                try s.check("GET_INFO", s.attempt { _ = try cdev.device.info() })
                try s.check("DETACH_IOMMUFD_PT", s.attempt { try cdev.device.detachPageTable() })
                try s.close(cdev.device, "close device")
                try s.check("IOMMU_DESTROY ioas", s.attempt { try cdev.iommufd.destroy(cdev.ioas) })
                try s.close(cdev.iommufd, "close iommufd")
                try s.check("unbind", s.unbind())
            },
            Setups.cdevOpen(kind).test("\(family)/ioctl-before-bind", "a cdev fd does nothing before BIND_IOMMUFD",
                           detail: "GET_INFO on a freshly opened cdev fails with EINVAL; after BIND_IOMMUFD it works. Open, close and open again.") { s, first throws(ScenarioStop) in
                try s.check("GET_INFO before BIND_IOMMUFD", s.attempt { _ = try first.info() })
                try s.close(first, "close device")
                let (device, _) = try s.openAndBind(open: "open cdev again")
                try s.check("GET_INFO", s.attempt { _ = try device.info() })
            },
            Setups.cdevBoundToIOMMUFD(kind).test("\(family)/second-bind-refused", "a bound cdev cannot be bound again",
                                     detail: "BIND_IOMMUFD twice on one fd: the second is refused (\"one device cannot be bound twice\"); a second fd of the same device cannot be bound while the first is; the first keeps working.") { s, cdev throws(ScenarioStop) in
                try s.check("second BIND_IOMMUFD on the fd", s.attempt { _ = try cdev.device.bind(to: cdev.iommufd) })
                let other = try s.openCdev("open cdev again")
                try s.check("BIND_IOMMUFD on a second fd", s.attempt { _ = try other.bind(to: cdev.iommufd) })
                try s.close(other, "close second fd")
                try s.check("GET_INFO", s.attempt { _ = try cdev.device.info() })
            },
            Setups.cdevAttached(kind).test("\(family)/ioas-map-unmap", "map and unmap a user buffer in the attached IOAS",
                               detail: "Binds, attaches an IOAS and maps 4 pages of this process at a fixed IOVA: MAP succeeds, UNMAP of the range unmaps all of it, a second UNMAP finds nothing (ENOENT), detach and close succeed.") { s, cdev throws(ScenarioStop) in
                let buffer = try s.must("allocate 4 pages") { try PinnedBuffer(pages: 4) }
                let length = UInt64(buffer.length), iommufd = cdev.iommufd, ioas = cdev.ioas
                try s.require("IOAS_MAP", s.attempt { try iommufd.map(ioas: ioas, userVA: buffer.address, length: length, iova: iova) })
                try s.check("IOAS_UNMAP", s.answer { try iommufd.unmap(ioas: ioas, iova: iova, length: length) == length ? "all" : "part" })
                try s.check("IOAS_UNMAP again", s.attempt { _ = try iommufd.unmap(ioas: ioas, iova: iova, length: length) })
                try s.check("DETACH_IOMMUFD_PT", s.attempt { try cdev.device.detachPageTable() })
                try s.close(cdev.device, "close device")
                withExtendedLifetime(buffer) {}
            },
            Setups.cdevBoundToIOMMUFD(kind).test("\(family)/info-reset", "GET_INFO and RESET on a bound cdev",
                                     detail: "After BIND_IOMMUFD, GET_INFO reports a PCI device; VFIO_DEVICE_RESET succeeds when GET_INFO offers reset and is refused when it does not (QEMU's edu has no reset method).") { s, cdev throws(ScenarioStop) in
                let info = try s.must("GET_INFO") { try cdev.device.info() }
                try s.check("GET_INFO reports PCI", info.flags.contains(.pci) ? "yes" : "no")
                try s.check("DEVICE_RESET", (info.flags.contains(.reset) ? "flag:" : "no flag:") + s.attempt { try cdev.device.reset() })
            },
            Setups.cdevBoundToIOMMUFD(kind).test("\(family)/close-reopen", "close a bound cdev and bind it again",
                                     detail: "Open, bind, close; open again: the new fd binds to a new iommufd and works, so closing released the binding.") { s, cdev throws(ScenarioStop) in
                try s.close(cdev.device, "close device")
                try s.close(cdev.iommufd, "close iommufd")
                let (again, _) = try s.openAndBind(open: "open cdev again", iommufd: "open /dev/iommu again", bind: "BIND_IOMMUFD again")
                try s.check("GET_INFO", s.attempt { _ = try again.info() })
            },
            Setups.cdevBoundToIOMMUFD(kind).test("\(family)/unbind-while-bound", "unbind blocks until the bound cdev is closed",
                                     detail: "Opens and binds the cdev, starts an unbind: after 2 s it is still blocked (vfio-pci asks the user to release the device). Closing the cdev lets it finish; the node goes.") { s, cdev throws(ScenarioStop) in
                let unbind = s.startUnbind()
                try s.require("unbind while cdev bound", unbind.wait(seconds: 2) == nil ? "blocked" : "returned")
                try s.close(cdev.device, "close device")
                try s.check("unbind after close", of: unbind, timeout: 10)
                try s.check("cdev node after unbind", s.presence(s.cdevNode))
            },
            Setups.cdevBoundToIOMMUFD(kind).test("\(family)/rmmod-vfio-pci-while-open", "rmmod vfio-pci is refused while the cdev is open",
                                     detail: "An open cdev holds a reference on vfio-pci: rmmod fails and the device keeps working; after closing, rmmod succeeds.") { s, cdev throws(ScenarioStop) in
                let kernel = s.kernel
                try s.check("rmmod vfio_pci while cdev open", s.rmmod("vfio_pci"))
                try s.check("GET_INFO", s.attempt { _ = try cdev.device.info() })
                try s.close(cdev.device, "close device")
                try s.check("rmmod vfio_pci", blocking: { Observation.answer { try kernel.remove("vfio_pci") } })
            },
            Setups.cdevBound(kind).test("\(family)/excludes-group", "a bound cdev and the group path exclude each other",
                            detail: "The cdev claims the group at BIND_IOMMUFD, not at open: the group still opens while the cdev is only open; once bound, opening the group fails with EBUSY. The other way round, BIND_IOMMUFD fails with EBUSY while the group is open.",
                            needs: [.feature(.group)]) { s, _ throws(ScenarioStop) in
                let node = s.groupNode ?? ""
                let device = try s.openCdev()
                try s.check("open group while cdev unbound", s.answer(openingGroup: node))
                let iommufd = try s.openIOMMUFD()
                try s.require("BIND_IOMMUFD", s.attempt { _ = try device.bind(to: iommufd) })
                try s.check("open group while cdev bound", s.answer(openingGroup: node))
                try s.close(device, "close device")
                let group = try s.openGroup()
                let again = try s.openCdev("open cdev again")
                try s.check("BIND_IOMMUFD while group open", s.attempt { _ = try again.bind(to: iommufd) })
                try s.close(again, "close device")
                try s.close(group, "close group")
            },
        ]
    }
}
