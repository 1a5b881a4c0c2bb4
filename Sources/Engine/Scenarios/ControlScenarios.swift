import VFIO

/// The control case: a device behind a (virtual) IOMMU. noiommu mode, on or
/// off, must change nothing for it.
enum ControlScenarios {
    static let all: [Scenario] = [
        Setups.realGroupModeOn.test("control/real-group-ignores-mode", "a device with a real group ignores the noiommu mode",
                                    detail: "With the mode on, binding gives /dev/vfio/N (not noiommu-N) and no taint notice; turning the mode off does not stop TYPE1v2 or the device fd.",
                                    needs: [.feature(.group), .feature(.container), .feature(.noiommu)]) { s, _ throws(ScenarioStop) in
            try s.check("group node", s.groupNodeKind)
            try s.check("cdev node", s.presence(s.cdevNode))
            let notice = s.kernelLog.lines.contains { $0.contains("Adding kernel taint for vfio-noiommu") }
            try s.check("taint notice logged", notice ? "logged" : "not logged")
            try s.setMode(false)
            let path = try s.openDevice()
            try s.check("GET_INFO", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.check("unbind", s.unbind())
        },
        Setups.realGroupInContainer.test("control/type1-container", "the ordinary group path with TYPE1v2",
                                         detail: "A device behind an IOMMU: the container offers TYPE1v2 and not NOIOMMU-only behaviour; SET_IOMMU TYPE1v2 succeeds, GET_DEVICE_FD and GET_INFO work.") { s, open throws(ScenarioStop) in
            try s.check("CHECK_EXTENSION TYPE1v2", s.extensionAnswer(open.container, .type1v2))
            try s.require("SET_IOMMU TYPE1v2", s.attempt { try open.container.setIOMMU(.type1v2) })
            let device = try s.device(from: open.group)
            try s.check("GET_INFO", s.attempt { _ = try device.info() })
        },
        Setups.realGroupModeOn.test("control/cdev-full-path-mode-flips", "the cdev path works whatever the noiommu mode",
                                    detail: "Binds with the mode on, turns it off mid-way: open, BIND_IOMMUFD, ATTACH, GET_INFO all succeed.",
                                    needs: [.feature(.cdev), .feature(.noiommu)]) { s, _ throws(ScenarioStop) in
            let device = try s.openCdev()
            try s.setMode(false)
            _ = try s.bindAndAttach(device)
            try s.check("GET_INFO", s.attempt { _ = try device.info() })
        },
    ]
}
