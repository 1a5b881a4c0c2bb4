import VFIO

/// The control case: a device behind a (virtual) IOMMU. noiommu mode, on or
/// off, must change nothing for it.
enum ControlScenarios {
    static let all: [Scenario] = [
        Scenario("control/real-group-ignores-mode", "a device with a real group ignores the noiommu mode",
                 detail: "With the mode on, binding gives /dev/vfio/N (not noiommu-N) and no taint notice; turning the mode off does not stop TYPE1v2 or the device fd.",
                 needs: [.iommuGroup, .group, .container, .noiommu]) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            try s.expect("group node", s.groupNodeKind)
            try s.expect("cdev node", s.cdevNode == nil ? "absent" : "present")
            let notice = s.kernelLog().contains { $0.contains("Adding kernel taint for vfio-noiommu") }
            try s.expect("taint notice logged", notice ? "logged" : "not logged")
            try s.setMode(false)
            let path = try s.openDevice()
            try s.expect("GET_INFO", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.expect("unbind", s.unbind())
        },
        Scenario("control/type1-container", "the ordinary group path with TYPE1v2",
                 detail: "A device behind an IOMMU: the container offers TYPE1v2 and not NOIOMMU-only behaviour; SET_IOMMU TYPE1v2 succeeds, GET_DEVICE_FD and GET_INFO work.",
                 needs: [.iommuGroup, .group, .container]) { s throws(ScenarioStop) in
            try s.loadStack(noiommu: false)
            try s.bind()
            let group = try s.openGroup()
            let container = try s.openContainer()
            try s.require("SET_CONTAINER") { try group.setContainer(container) }
            try s.expect("CHECK_EXTENSION TYPE1v2", GroupScenarios.check(container, .type1v2))
            try s.expect("SET_IOMMU TYPE1v2", s.attempt { try container.setIOMMU(.type1v2) })
            let device = try s.device(from: group)
            try s.expect("GET_INFO", s.attempt { _ = try device.info() })
        },
        Scenario("control/cdev-full-path-mode-flips", "the cdev path works whatever the noiommu mode",
                 detail: "Binds with the mode on, turns it off mid-way: open, BIND_IOMMUFD, ATTACH, GET_INFO all succeed.",
                 needs: [.iommuGroup, .cdev, .noiommu]) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let device = try s.openCdev()
            try s.setMode(false)
            _ = try CdevScenarios.bindAndAttach(s, device)
            try s.expect("GET_INFO", s.attempt { _ = try device.info() })
        },
    ]
}
