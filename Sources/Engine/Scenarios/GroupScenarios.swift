import Probes
import VFIO

/// The group path for a noiommu device: the node, its privilege check, the
/// container and its IOMMU types, device fds, close orders and the taint.
enum GroupScenarios {
    /// kselftest's FIXTURE_VARIANT: one test declared for each close order.
    static func closeOrder(_ order: [GroupPath.File], _ words: String) -> Scenario {
        Setups.noiommuPath.test("group/close-\(order[0].rawValue)-first", "closing \(words)",
                                detail: "Opens the full group path, closes \(words), unbinds: every close succeeds and the node goes.") { s, path throws(ScenarioStop) in
            try s.close(path, order: order)
            try s.checkCleanUnbind()
        }
    }

    static let all: [Scenario] = [
        Setups.noiommuBound.test("group/node-follows-mode", "the noiommu group node comes with bind and goes with unbind",
                                 detail: "Binds with the mode on: /dev/vfio/noiommu-N appears (not /dev/vfio/N). Unbind removes it.") { s, _ throws(ScenarioStop) in
            try s.check("group node", s.groupNodeKind)
            try s.checkCleanUnbind()
        },
        Setups.noiommuBound.test("group/open-needs-rawio", "opening a noiommu group needs CAP_SYS_RAWIO",
                                 detail: "A thread that dropped CAP_SYS_RAWIO opens /dev/vfio/noiommu-N and is refused with EPERM; the harness itself (root, all capabilities) opens it.") { s, _ throws(ScenarioStop) in
            guard let node = s.groupNode else { try s.require("group node", "absent"); return }
            let kernel = s.kernel
            try s.check("open without CAP_SYS_RAWIO", withoutRawIO: { kernel.answer { try kernel.openGroup(node) } })
            try s.check("open with CAP_SYS_RAWIO", blocking: { kernel.answer { try kernel.openGroup(node) } })
        },
        Setups.groupOpen.test("group/container-needs-rawio", "SET_CONTAINER and SET_IOMMU NOIOMMU need CAP_SYS_RAWIO",
                              detail: "On a thread that dropped CAP_SYS_RAWIO: SET_CONTAINER of the noiommu group (legacy refuses with EPERM; iommufd compat accepts and checks at SET_IOMMU), then SET_IOMMU NOIOMMU, refused with EPERM by both. The privileged SET_IOMMU then succeeds.",
                              needs: [.feature(.container)]) { s, group throws(ScenarioStop) in
            let container = try s.openContainer()
            try s.check("SET_CONTAINER without CAP_SYS_RAWIO", withoutRawIO: { Observation.answer { try group.setContainer(container) } })
            if (try? group.status())?.contains(.containerSet) != true {
                try s.must("SET_CONTAINER") { try group.setContainer(container) }
            }
            try s.check("SET_IOMMU NOIOMMU without CAP_SYS_RAWIO", withoutRawIO: { Observation.answer { try container.setIOMMU(.noiommu) } })
            try s.check("SET_IOMMU NOIOMMU", s.attempt { try container.setIOMMU(.noiommu) })
        },
        Setups.groupOpen.test("group/open-twice", "a group opens once at a time",
                              detail: "A second open of the same group while the first is open is refused with EBUSY.") { s, group throws(ScenarioStop) in
            let node = s.groupNode ?? ""
            try s.check("second open", s.answer(openingGroup: node))
            try s.close(group, "close group")
        },
        Setups.groupOpen.test("group/viable", "a bound noiommu group is viable",
                              detail: "GROUP_GET_STATUS on the open group reports VIABLE and no container.") { s, group throws(ScenarioStop) in
            try s.check("GROUP_GET_STATUS", s.statusText(group))
        },
        Setups.groupInContainer.test("group/set-container", "SET_CONTAINER and UNSET_CONTAINER",
                                     detail: "Puts the group in a container: status says CONTAINER_SET; UNSET_CONTAINER takes it out again.") { s, open throws(ScenarioStop) in
            try s.check("status after SET_CONTAINER", s.statusText(open.group))
            try s.check("UNSET_CONTAINER", s.attempt { try open.group.unsetContainer() })
            try s.check("status after UNSET_CONTAINER", s.statusText(open.group))
        },
        Setups.groupInContainer.test("group/set-iommu-noiommu", "a noiommu container offers and accepts VFIO_NOIOMMU_IOMMU",
                                     detail: "With the mode on, CHECK_EXTENSION(VFIO_NOIOMMU_IOMMU) answers 1 and SET_IOMMU with it succeeds; API version is 0.") { s, open throws(ScenarioStop) in
            try s.check("GET_API_VERSION", s.answer { String(try open.container.apiVersion()) })
            try s.check("CHECK_EXTENSION NOIOMMU", s.extensionAnswer(open.container, .noiommu))
            try s.check("SET_IOMMU NOIOMMU", s.attempt { try open.container.setIOMMU(.noiommu) })
        },
        Setups.groupInContainer.test("group/set-iommu-type1-refused", "a noiommu group refuses the type1 IOMMU",
                                     detail: "A container holding a noiommu group does not offer TYPE1v2 and refuses SET_IOMMU TYPE1v2 (legacy: no driver, ENODEV; iommufd compat: EINVAL).") { s, open throws(ScenarioStop) in
            try s.check("CHECK_EXTENSION TYPE1v2", s.extensionAnswer(open.container, .type1v2))
            try s.check("SET_IOMMU TYPE1v2", s.attempt { try open.container.setIOMMU(.type1v2) })
        },
        Setups.groupInContainer.test("group/check-extension-after-mode-off", "what CHECK_EXTENSION says of NOIOMMU once the mode is off",
                                     detail: "Sets up a NOIOMMU container, turns the mode off, asks the set container and a fresh one about VFIO_NOIOMMU_IOMMU.") { s, open throws(ScenarioStop) in
            try s.must("SET_IOMMU NOIOMMU") { try open.container.setIOMMU(.noiommu) }
            try s.setMode(false)
            try s.check("CHECK_EXTENSION NOIOMMU after mode off", s.extensionAnswer(open.container, .noiommu))
            let fresh = try s.openContainer("open a new container")
            try s.check("CHECK_EXTENSION NOIOMMU on a new container", s.extensionAnswer(fresh, .noiommu))
        },
        Setups.groupInContainer.test("group/set-iommu-after-mode-off", "what SET_IOMMU NOIOMMU answers once the mode is off",
                                     detail: "Puts the noiommu group in a container, turns the mode off, then asks for VFIO_NOIOMMU_IOMMU.") { s, open throws(ScenarioStop) in
            try s.setMode(false)
            try s.check("SET_IOMMU NOIOMMU after mode off", s.attempt { try open.container.setIOMMU(.noiommu) })
        },
        Setups.groupOpen.test("group/get-device-fd", "GET_DEVICE_FD: needs a container, a real name, and works",
                              detail: "Before the group has a container GET_DEVICE_FD fails with EINVAL; with one, an unknown name fails and the device's own address gives a device fd.") { s, group throws(ScenarioStop) in
            try s.check("GET_DEVICE_FD without container", s.answer(openingDeviceIn: group))
            _ = try s.attach(group)
            try s.check("GET_DEVICE_FD unknown name", s.answer(openingDeviceIn: group, named: "0000:ff:1f.7"))
            let device = try s.device(from: group)
            try s.close(device, "close device")
        },
        Setups.noiommuPath.test("group/device-info", "GET_INFO and RESET on a noiommu device",
                                detail: "GET_INFO succeeds and says PCI with regions and irqs; DEVICE_RESET succeeds exactly when GET_INFO advertised the RESET flag (EINVAL otherwise).") { s, path throws(ScenarioStop) in
            let info = try s.must("GET_INFO") { try path.device.info() }
            try s.check("device is PCI", info.flags.contains(.pci) && info.regions > 0 ? "pci" : "flags \(info.flags.rawValue) regions \(info.regions)")
            let reset = s.attempt { try path.device.reset() }
            try s.check("DEVICE_RESET", (info.flags.contains(.reset) ? "flag:" : "no flag:") + reset)
        },
        Setups.groupOpen.test("group/device-reopen", "a device fd can be opened, closed and opened again",
                              detail: "Three times GET_DEVICE_FD, GET_INFO, close; then a second fd while one is open.") { s, group throws(ScenarioStop) in
            _ = try s.attach(group)
            for _ in 1...3 {
                let device = try s.device(from: group)
                try s.check("GET_INFO", s.attempt { _ = try device.info() })
                try s.close(device, "close device")
            }
            let first = try s.device(from: group)
            try s.check("second device fd while open", s.answer(openingDeviceIn: group))
            try s.close(first, "close device")
        },
        closeOrder([.device, .group, .container], "device, then group, then container"),
        closeOrder([.group, .device, .container], "the group first, then device, then container"),
        closeOrder([.container, .device, .group], "the container first, then device, then group"),
        Setups.noiommuBound.test("group/taint", "a noiommu group taints the kernel with TAINT_USER",
                                 detail: "Binding with the mode on logs the taint notice and sets taint flag U (expected for noiommu, never W or D).") { s, _ throws(ScenarioStop) in
            let notice = s.kernelLog.lines.contains { $0.contains("Adding kernel taint for vfio-noiommu group") }
            try s.check("taint notice logged", notice ? "logged" : "not logged")
            try s.check("taint flag U", s.taint(.user))
        },
    ]
}
