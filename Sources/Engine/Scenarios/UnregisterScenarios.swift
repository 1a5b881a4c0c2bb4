/// Device unregister: unbind and rmmod, idle and with files open. Unbind
/// with a device fd open must wait for the close, never return early.
enum UnregisterScenarios {
    static let all: [Scenario] = [
        Setups.bound.test("unregister/unbind-idle", "unbind with nothing open",
                          detail: "Binds, unbinds with no fd open: unbind returns at once and the group node goes.") { s, _ throws(ScenarioStop) in
            try s.checkCleanUnbind()
        },
        Setups.boundPath.test("unregister/unbind-while-device-open", "unbind blocks until the device fd is closed",
                              detail: "Opens the device through the group, starts an unbind: after 2 s it is still blocked in the kernel (vfio-pci relays the request). Closing the device fd lets it finish within 10 s; nothing crashes.") { s, path throws(ScenarioStop) in
            let unbind = s.startUnbind()
            try s.require("unbind while device open", unbind.wait(seconds: 2) == nil ? "blocked" : "returned")
            try s.close(path.device, "close device")
            try s.check("unbind after close", of: unbind, timeout: 10)
            try s.close(path.group, "close group")
            try s.close(path.container, "close container")
            try s.check("group node after unbind", s.groupNodeKind)
        },
        Setups.boundPath.test("unregister/unbind-with-request-channel", "unbind asks for the device on its request channel; a user that gives it back lets unbind finish",
                              detail: "Opens the device through the group and registers an eventfd as its request channel (VFIO_PCI_REQ_IRQ_INDEX), as QEMU does. A helper thread stands for the VMM: it waits up to 5 s for the eventfd, then closes the device. Unbind asks the driver before it waits for the close (vfio_unregister_group_dev, vfio_pci_core_request), so it returns as soon as the helper has closed; on a kernel that never asks it stays blocked: a hang.") { s, path throws(ScenarioStop) in
            let event = try s.makeEventFD()
            try s.require("set request trigger", s.attempt { try path.device.setRequestTrigger(event) })
            let vmm = s.startGivingBack(path.device, whenAsked: event, within: 5000)
            try s.check("unbind, the user giving the device back when asked", s.unbind(step: "unbind, the user giving the device back when asked"))
            try s.check("request seen by the user", of: vmm, timeout: 10)
        },
        Setups.bound.test("unregister/unbind-while-group-open", "unbind with only the group fd open",
                          detail: "Opens the group only and unbinds: unbind returns, the open group answers GET_STATUS with ENODEV, and closing it removes the node.") { s, _ throws(ScenarioStop) in
            let group = try s.openGroup()
            try s.require("unbind", s.unbind())
            try s.check("group status after unbind", s.statusText(group))
            try s.close(group, "close group")
            try s.check("group node after unbind", s.groupNodeKind)
        },
        Setups.bound.test("unregister/rmmod-vfio-pci-bound", "rmmod vfio-pci with the device bound",
                          detail: "Binds, removes vfio-pci: the module goes, the device is unbound and the node goes.") { s, _ throws(ScenarioStop) in
            let kernel = s.kernel
            try s.require("rmmod vfio_pci", blocking: { Observation.answer { try kernel.remove("vfio_pci") } })
            try s.check("driver after rmmod", s.driver ?? "none")
            try s.check("group node after unbind", s.groupNodeKind)
        },
        Setups.boundPath.test("unregister/rmmod-vfio-pci-while-device-open", "rmmod vfio-pci is refused while a device fd is open",
                              detail: "An open device fd holds a reference on vfio-pci: rmmod fails, the device stays bound and works; after closing, rmmod succeeds.") { s, path throws(ScenarioStop) in
            try s.check("rmmod vfio_pci while device open", s.rmmod("vfio_pci"))
            try s.check("GET_INFO", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.check("rmmod vfio_pci", s.rmmod("vfio_pci"))
        },
    ]
}
