/// Flipping enable_unsafe_noiommu_mode at runtime, in every phase of a
/// device's life. The mode is read when a device registers; nothing may
/// crash or leak when it changes before the device unregisters.
enum ToggleScenarios {
    static let all: [Scenario] = [
        Setups.modeOff.test("toggle/before-bind", "mode turned on before bind: the device gets a noiommu group",
                            detail: "Loads vfio with the mode off, turns it on, binds: the bind succeeds and /dev/vfio/noiommu-N appears; unbind removes it.") { s, _ throws(ScenarioStop) in
            try s.setMode(true)
            try s.require("bind vfio-pci", s.tryBind())
            try s.check("group node", s.groupNodeKind)
            try s.checkCleanUnbind()
        },
        Setups.modeOff.test("toggle/after-bind", "bind refused with the mode off, accepted after turning it on",
                            detail: "With the mode off vfio-pci cannot bind a device without an IOMMU group. Turning the mode on and probing again binds it with a noiommu group.") { s, _ throws(ScenarioStop) in
            try s.check("bind with mode off", s.tryBind())
            try s.setMode(true)
            try s.require("bind with mode on", s.tryBind())
            try s.check("group node", s.groupNodeKind)
            try s.check("unbind", s.unbind())
        },
        Setups.groupOpen.test("toggle/off-while-group-open", "mode turned off while the group fd is open",
                              detail: "Binds with the mode on, opens the group, turns the mode off: the group stays viable; close and unbind work and the node goes.") { s, group throws(ScenarioStop) in
            try s.setMode(false)
            try s.check("group status after mode off", s.statusText(group))
            try s.close(group, "close group")
            try s.checkCleanUnbind()
        },
        Setups.noiommuPath.test("toggle/off-while-device-open", "mode turned off while a device fd is open",
                                detail: "Binds with the mode on, opens group, container and device, turns the mode off: the open device keeps working (GET_INFO); closing device, group and container then unbinding leaves nothing behind.") { s, path throws(ScenarioStop) in
            try s.setMode(false)
            try s.check("GET_INFO after mode off", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.checkCleanUnbind()
        },
        Setups.noiommuPath.test("toggle/off-on-while-device-open", "mode off then on again while a device fd is open",
                                detail: "Both directions while the device is open: off, GET_INFO, on, GET_INFO; then close and unbind.") { s, path throws(ScenarioStop) in
            try s.setMode(false)
            try s.check("GET_INFO after mode off", s.attempt { _ = try path.device.info() })
            try s.setMode(true)
            try s.check("GET_INFO after mode on", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.check("unbind", s.unbind())
        },
        Setups.noiommuPath.test("toggle/off-after-close", "mode turned off after every fd is closed, before unbind",
                                detail: "Opens and closes the full group path, turns the mode off, unbinds: the node goes.") { s, path throws(ScenarioStop) in
            try s.close(path)
            try s.setMode(false)
            try s.checkCleanUnbind()
        },
        Setups.noiommuBound.test("toggle/off-before-unbind", "device registered with the mode on, unregistered with it off",
                                 detail: "The review concern of the noiommu-cdev series: bind with the mode on, turn it off, unbind. The node stays until unbind (the group was made at register time) and goes with it; nothing crashes.") { s, _ throws(ScenarioStop) in
            try s.setMode(false)
            try s.check("group node with mode off", s.groupNodeKind)
            try s.checkCleanUnbind()
        },
        Setups.modeOff.test("toggle/loop-during-bind-unbind", "mode flipped on every turn of a bind/unbind loop",
                            detail: "Five rounds: mode on, bind, mode off while bound, unbind, try to bind with the mode off (refused). Each round ends with no node.") { s, _ throws(ScenarioStop) in
            for _ in 1...5 {
                try s.setMode(true)
                try s.require("bind with mode on", s.tryBind())
                try s.setMode(false)
                try s.require("unbind", s.unbind())
                try s.require("bind with mode off", s.tryBind())
                try s.require("group node after unbind", s.groupNodeKind)
            }
        },
        Setups.noiommuBound.test("toggle/off-on-rebind", "after off and on again, a rebind gives a working noiommu device",
                                 detail: "Bind with the mode on and unbind; turn it off and on again; bind again: the full group path works (open, container, NOIOMMU, GET_DEVICE_FD, GET_INFO).") { s, _ throws(ScenarioStop) in
            try s.require("unbind", s.unbind())
            try s.setMode(false)
            try s.setMode(true)
            try s.require("bind with mode on", s.tryBind())
            let path = try s.openDevice()
            try s.check("GET_INFO", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.check("unbind", s.unbind())
        },
    ]
}
