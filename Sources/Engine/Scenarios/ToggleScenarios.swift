import Dispatch

/// Flipping enable_unsafe_noiommu_mode at runtime, in every phase of a
/// device's life. The mode is read when a device registers; nothing may
/// crash or leak when it changes before the device unregisters.
enum ToggleScenarios {
    static let noiommuDevice: [Requirement] = [.group, .noiommu, .noIOMMUGroup]

    static let all: [Scenario] = [
        Scenario("toggle/before-bind", "mode turned on before bind: the device gets a noiommu group",
                 detail: "Loads vfio with the mode off, turns it on, binds: the bind succeeds and /dev/vfio/noiommu-N appears; unbind removes it.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.loadStack(noiommu: false)
            try s.setMode(true)
            try s.expect("bind vfio-pci", s.tryBind())
            try s.expect("group node", s.groupNodeKind)
            try s.expectCleanUnbind()
        },
        Scenario("toggle/after-bind", "bind refused with the mode off, accepted after turning it on",
                 detail: "With the mode off vfio-pci cannot bind a device without an IOMMU group. Turning the mode on and probing again binds it with a noiommu group.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.loadStack(noiommu: false)
            try s.expect("bind with mode off", s.tryBind())
            try s.setMode(true)
            try s.expect("bind with mode on", s.tryBind())
            try s.expect("group node", s.groupNodeKind)
            try s.expect("unbind", s.unbind())
        },
        Scenario("toggle/off-while-group-open", "mode turned off while the group fd is open",
                 detail: "Binds with the mode on, opens the group, turns the mode off: the group stays viable; close and unbind work and the node goes.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let group = try s.openGroup()
            try s.setMode(false)
            try s.expect("group status after mode off", s.statusText(group))
            try s.close(group.fd, "close group")
            try s.expectCleanUnbind()
        },
        Scenario("toggle/off-while-device-open", "mode turned off while a device fd is open",
                 detail: "Binds with the mode on, opens group, container and device, turns the mode off: the open device keeps working (GET_INFO); closing device, group and container then unbinding leaves nothing behind.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let path = try s.openDevice()
            try s.setMode(false)
            try s.expect("GET_INFO after mode off", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.expectCleanUnbind()
        },
        Scenario("toggle/off-on-while-device-open", "mode off then on again while a device fd is open",
                 detail: "Both directions while the device is open: off, GET_INFO, on, GET_INFO; then close and unbind.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let path = try s.openDevice()
            try s.setMode(false)
            try s.expect("GET_INFO after mode off", s.attempt { _ = try path.device.info() })
            try s.setMode(true)
            try s.expect("GET_INFO after mode on", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.expect("unbind", s.unbind())
        },
        Scenario("toggle/off-after-close", "mode turned off after every fd is closed, before unbind",
                 detail: "Opens and closes the full group path, turns the mode off, unbinds: the node goes.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            let path = try s.openDevice()
            try s.close(path)
            try s.setMode(false)
            try s.expectCleanUnbind()
        },
        Scenario("toggle/off-before-unbind", "device registered with the mode on, unregistered with it off",
                 detail: "The review concern of the noiommu-cdev series: bind with the mode on, turn it off, unbind. The node stays until unbind (the group was made at register time) and goes with it; nothing crashes.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            try s.setMode(false)
            try s.expect("group node with mode off", s.groupNodeKind)
            try s.expectCleanUnbind()
        },
        Scenario("toggle/loop-during-bind-unbind", "mode flipped on every turn of a bind/unbind loop",
                 detail: "Five rounds: mode on, bind, mode off while bound, unbind, try to bind with the mode off (refused). Each round ends with no node.",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.loadStack(noiommu: false)
            for _ in 1...5 {
                try s.setMode(true)
                try s.expect("bind with mode on", s.tryBind())
                try s.setMode(false)
                try s.expect("unbind", s.unbind())
                try s.expect("bind with mode off", s.tryBind())
                try s.expect("group node after unbind", s.groupNodeKind)
            }
        },
        Scenario("toggle/off-on-rebind", "after off and on again, a rebind gives a working noiommu device",
                 detail: "Bind with the mode on and unbind; turn it off and on again; bind again: the full group path works (open, container, NOIOMMU, GET_DEVICE_FD, GET_INFO).",
                 needs: noiommuDevice) { s throws(ScenarioStop) in
            try s.bindWithModeOn()
            try s.expect("unbind", s.unbind())
            try s.setMode(false)
            try s.setMode(true)
            try s.expect("bind with mode on", s.tryBind())
            let path = try s.openDevice()
            try s.expect("GET_INFO", s.attempt { _ = try path.device.info() })
            try s.close(path)
            try s.expect("unbind", s.unbind())
        },
    ]
}
