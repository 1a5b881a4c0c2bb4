import SystemPackage
import VFIO

/// The device cdev path (/dev/vfio/devices/vfioN) with iommufd.
enum CdevScenarios {
    /// Binds the open cdev to a new iommufd and attaches it to a new IOAS.
    static func bindAndAttach(_ s: ScenarioContext, _ device: Device) throws(ScenarioStop) -> (IOMMUFD, UInt32) {
        let iommufd = try s.openIOMMUFD()
        try s.expect("BIND_IOMMUFD", s.attempt { _ = try device.bind(to: iommufd) })
        let ioas = try s.require("IOAS_ALLOC") { try iommufd.allocateIOAS() }
        try s.expect("ATTACH_IOMMUFD_PT", s.attempt { _ = try device.attach(pageTable: ioas) })
        return (iommufd, ioas)
    }

    static let all: [Scenario] = [
        Scenario("cdev/noiommu-node", "which cdev a noiommu device gets",
                 detail: "Binds with the mode on. 6.12 registers a vfio-dev/vfioN entry but makes no /dev/vfio/devices node for noiommu devices; trees with the noiommu-cdev series make /dev/vfio/devices/noiommu-vfioN.",
                 needs: [.cdev, .noiommu, .group, .noIOMMUGroup]) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            try s.expect("vfio-dev entry", s.cdevName == nil ? "absent" : "present")
            let node = s.cdevNode.map { $0.split(separator: "/").last!.hasPrefix("noiommu-") ? "noiommu-vfioN" : "vfioN" }
            try s.expect("cdev node", node ?? "absent")
            try s.expect("unbind", s.unbind())
        },
        Scenario("cdev/bind-attach", "open the cdev, bind iommufd, attach an IOAS, GET_INFO, detach, close",
                 detail: "The full cdev path on a device behind an IOMMU: every step succeeds and closing unwinds it.",
                 needs: [.cdev, .iommuGroup]) { s throws(ScenarioStop) in
            try s.bindForTopology()
            let device = try s.openCdev()
            let (iommufd, ioas) = try bindAndAttach(s, device)
            try s.expect("GET_INFO", s.attempt { _ = try device.info() })
            try s.expect("DETACH_IOMMUFD_PT", s.attempt { try device.detachPageTable() })
            try s.close(device.fd, "close device")
            try s.expect("IOMMU_DESTROY ioas", s.attempt { try iommufd.destroy(ioas) })
            try s.close(iommufd.fd, "close iommufd")
            try s.expect("unbind", s.unbind())
        },
        Scenario("cdev/ioctl-before-bind", "a cdev fd does nothing before BIND_IOMMUFD",
                 detail: "GET_INFO on a freshly opened cdev fails with EINVAL; after BIND_IOMMUFD it works. Open, close and open again.",
                 needs: [.cdev, .iommuGroup]) { s throws(ScenarioStop) in
            try s.bindForTopology()
            let first = try s.openCdev()
            try s.expect("GET_INFO before BIND_IOMMUFD", s.attempt { _ = try first.info() })
            try s.close(first.fd, "close device")
            let device = try s.openCdev("open cdev again")
            let iommufd = try s.openIOMMUFD()
            try s.expect("BIND_IOMMUFD", s.attempt { _ = try device.bind(to: iommufd) })
            try s.expect("GET_INFO", s.attempt { _ = try device.info() })
        },
        Scenario("cdev/excludes-group", "a bound cdev and the group path exclude each other",
                 detail: "The cdev claims the group at BIND_IOMMUFD, not at open: the group still opens while the cdev is only open; once bound, opening the group fails with EBUSY. The other way round, BIND_IOMMUFD fails with EBUSY while the group is open.",
                 needs: [.cdev, .group, .iommuGroup]) { s throws(ScenarioStop) in
            try s.bindForTopology()
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
