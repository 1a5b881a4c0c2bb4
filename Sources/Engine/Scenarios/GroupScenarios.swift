import Host
import Kmod
import Probes
import SystemPackage
import VFIO

/// The group path for a noiommu device: the node, its privilege check, the
/// container and its IOMMU types, device fds, close orders and the taint.
enum GroupScenarios {
    static let noiommuDevice = ToggleScenarios.noiommuDevice
    static let noiommuContainer = noiommuDevice + [.container]

    /// A bound noiommu device with its group open and in a container, before SET_IOMMU.
    static func groupInContainer(_ s: ScenarioContext) throws(ScenarioStop) -> (Group, Container) {
        try s.bindWithModeOn()
        let group = try s.openGroup()
        let container = try s.openContainer()
        try s.require("SET_CONTAINER") { try group.setContainer(container) }
        return (group, container)
    }

    static func closeOrder(_ order: [GroupPath.File], _ words: String) -> Scenario {
        Scenario("group/close-\(order[0].rawValue)-first", "closing \(words)",
                 detail: "Opens the full group path, closes \(words), unbinds: every close succeeds and the node goes.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            try s.close(s.openDevice(), order: order)
            try s.expectCleanUnbind()
        }
    }

    static let all: [Scenario] = [
        Scenario("group/node-follows-mode", "the noiommu group node comes with bind and goes with unbind",
                 detail: "Binds with the mode on: /dev/vfio/noiommu-N appears (not /dev/vfio/N). Unbind removes it.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            try s.expect("group node", s.groupNodeKind)
            try s.expectCleanUnbind()
        },
        Scenario("group/open-needs-rawio", "opening a noiommu group needs CAP_SYS_RAWIO",
                 detail: "A child that dropped CAP_SYS_RAWIO opens /dev/vfio/noiommu-N and is refused with EPERM; the harness itself (root, all capabilities) opens it.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            guard let node = s.groupNode else { try s.expect("group node", "absent"); return }
            try s.expect("open without CAP_SYS_RAWIO", s.openWithoutRawIO(node))
            try s.expect("open with CAP_SYS_RAWIO", s.blocking("open with CAP_SYS_RAWIO") { Observation.answer { try Group.open(FilePath(node)).close() } })
        },
        Scenario("group/container-needs-rawio", "SET_CONTAINER and SET_IOMMU NOIOMMU need CAP_SYS_RAWIO",
                 detail: "On a thread that dropped CAP_SYS_RAWIO: SET_CONTAINER of the noiommu group (legacy refuses with EPERM; iommufd compat accepts and checks at SET_IOMMU), then SET_IOMMU NOIOMMU, refused with EPERM by both. The privileged SET_IOMMU then succeeds.",
                 needs: noiommuContainer) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let group = try s.openGroup()
            let container = try s.openContainer()
            try s.expect("SET_CONTAINER without CAP_SYS_RAWIO", s.withoutRawIO("SET_CONTAINER without CAP_SYS_RAWIO") { Observation.answer { try group.setContainer(container) } })
            if (try? group.status())?.contains(.containerSet) != true {
                try s.require("SET_CONTAINER") { try group.setContainer(container) }
            }
            try s.expect("SET_IOMMU NOIOMMU without CAP_SYS_RAWIO", s.withoutRawIO("SET_IOMMU NOIOMMU without CAP_SYS_RAWIO") { Observation.answer { try container.setIOMMU(.noiommu) } })
            try s.expect("SET_IOMMU NOIOMMU", s.attempt { try container.setIOMMU(.noiommu) })
        },
        Scenario("group/open-twice", "a group opens once at a time",
                 detail: "A second open of the same group while the first is open is refused with EBUSY.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let group = try s.openGroup()
            let node = s.groupNode ?? ""
            try s.expect("second open", s.attempt { try Group.open(FilePath(node)).close() })
            try s.close(group.fd, "close group")
        },
        Scenario("group/viable", "a bound noiommu group is viable",
                 detail: "GROUP_GET_STATUS on the open group reports VIABLE and no container.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let group = try s.openGroup()
            try s.expect("GROUP_GET_STATUS", s.statusText(group))
        },
        Scenario("group/set-container", "SET_CONTAINER and UNSET_CONTAINER",
                 detail: "Puts the group in a container: status says CONTAINER_SET; UNSET_CONTAINER takes it out again.",
                 needs: noiommuContainer) { s throws(ScenarioStop) in
            let (group, _) = try groupInContainer(s)
            try s.expect("status after SET_CONTAINER", s.statusText(group))
            try s.expect("UNSET_CONTAINER", s.attempt { try group.unsetContainer() })
            try s.expect("status after UNSET_CONTAINER", s.statusText(group))
        },
        Scenario("group/set-iommu-noiommu", "a noiommu container offers and accepts VFIO_NOIOMMU_IOMMU",
                 detail: "With the mode on, CHECK_EXTENSION(VFIO_NOIOMMU_IOMMU) answers 1 and SET_IOMMU with it succeeds; API version is 0.",
                 needs: noiommuContainer) { s throws(ScenarioStop) in
            let (_, container) = try groupInContainer(s)
            try s.expect("GET_API_VERSION", (try? container.apiVersion()).map(String.init) ?? "error")
            try s.expect("CHECK_EXTENSION NOIOMMU", check(container, .noiommu))
            try s.expect("SET_IOMMU NOIOMMU", s.attempt { try container.setIOMMU(.noiommu) })
        },
        Scenario("group/set-iommu-type1-refused", "a noiommu group refuses the type1 IOMMU",
                 detail: "A container holding a noiommu group does not offer TYPE1v2 and refuses SET_IOMMU TYPE1v2 (legacy: no driver, ENODEV; iommufd compat: EINVAL).",
                 needs: noiommuContainer) { s throws(ScenarioStop) in
            let (_, container) = try groupInContainer(s)
            try s.expect("CHECK_EXTENSION TYPE1v2", check(container, .type1v2))
            try s.expect("SET_IOMMU TYPE1v2", s.attempt { try container.setIOMMU(.type1v2) })
        },
        Scenario("group/check-extension-after-mode-off", "what CHECK_EXTENSION says of NOIOMMU once the mode is off",
                 detail: "Sets up a NOIOMMU container, turns the mode off, asks the set container and a fresh one about VFIO_NOIOMMU_IOMMU.",
                 needs: noiommuContainer) { s throws(ScenarioStop) in
            let (_, container) = try groupInContainer(s)
            try s.require("SET_IOMMU NOIOMMU") { try container.setIOMMU(.noiommu) }
            try s.setMode(false)
            try s.expect("CHECK_EXTENSION NOIOMMU after mode off", check(container, .noiommu))
            let fresh = try s.openContainer("open a new container")
            try s.expect("CHECK_EXTENSION NOIOMMU on a new container", check(fresh, .noiommu))
        },
        Scenario("group/set-iommu-after-mode-off", "what SET_IOMMU NOIOMMU answers once the mode is off",
                 detail: "Puts the noiommu group in a container, turns the mode off, then asks for VFIO_NOIOMMU_IOMMU.",
                 needs: noiommuContainer) { s throws(ScenarioStop) in
            let (_, container) = try groupInContainer(s)
            try s.setMode(false)
            try s.expect("SET_IOMMU NOIOMMU after mode off", s.attempt { try container.setIOMMU(.noiommu) })
        },
        Scenario("group/get-device-fd", "GET_DEVICE_FD: needs a container, a real name, and works",
                 detail: "Before the group has a container GET_DEVICE_FD fails with EINVAL; with one, an unknown name fails and the device's own address gives a device fd.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let group = try s.openGroup()
            let name = s.address.description
            try s.expect("GET_DEVICE_FD without container", s.attempt { try group.device(named: name).close() })
            _ = try s.attach(group)
            try s.expect("GET_DEVICE_FD unknown name", s.attempt { try group.device(named: "0000:ff:1f.7").close() })
            let device = try s.device(from: group)
            try s.close(device.fd, "close device")
        },
        Scenario("group/device-info", "GET_INFO and RESET on a noiommu device",
                 detail: "GET_INFO succeeds and says PCI with regions and irqs; DEVICE_RESET succeeds exactly when GET_INFO advertised the RESET flag (EINVAL otherwise).",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let device = try s.openDevice().device
            let info = try s.require("GET_INFO") { try device.info() }
            try s.expect("device is PCI", info.flags.contains(.pci) && info.regions > 0 ? "pci" : "flags \(info.flags.rawValue) regions \(info.regions)")
            let reset = s.attempt { try device.reset() }
            try s.expect("DEVICE_RESET", (info.flags.contains(.reset) ? "flag:" : "no flag:") + reset)
        },
        Scenario("group/device-reopen", "a device fd can be opened, closed and opened again",
                 detail: "Three times GET_DEVICE_FD, GET_INFO, close; then a second fd while one is open.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let group = try s.openGroup()
            _ = try s.attach(group)
            for _ in 1...3 {
                let device = try s.device(from: group)
                try s.expect("GET_INFO", s.attempt { _ = try device.info() })
                try s.close(device.fd, "close device")
            }
            let first = try s.device(from: group)
            let name = s.address.description
            try s.expect("second device fd while open", s.attempt { try group.device(named: name).close() })
            try s.close(first.fd, "close device")
        },
        closeOrder([.device, .group, .container], "device, then group, then container"),
        closeOrder([.group, .device, .container], "the group first, then device, then container"),
        closeOrder([.container, .device, .group], "the container first, then device, then group"),
        Scenario("group/taint", "a noiommu group taints the kernel with TAINT_USER",
                 detail: "Binding with the mode on logs the taint notice and sets taint flag U (expected for noiommu, never W or D).",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let notice = s.kernelLog().contains { $0.contains("Adding kernel taint for vfio-noiommu group") }
            try s.expect("taint notice logged", notice ? "logged" : "not logged")
            try s.expect("taint flag U", s.hasTaint(.user) ? "set" : "clear")
        },
    ]

    static func check(_ container: Container, _ type: IOMMUType) -> String {
        do { return String(try container.checkExtension(type)) } catch { return Observation.of(error) }
    }
}
