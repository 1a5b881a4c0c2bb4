/// Loading and unloading the VFIO modules: parameters, orders, cycles and
/// the refusals that protect users of a module.
enum ModuleScenarios {
    /// Top to bottom; irqbypass comes with vfio_pci_core when IRQ_BYPASS_MANAGER=m,
    /// and so does vfio_virqfd where the tree builds it as a module of its own
    /// (drivers/vfio/Makefile: obj-$(CONFIG_VFIO_VIRQFD) += vfio_virqfd.o, as on
    /// 6.1; later trees link virqfd.o into vfio.ko). Absent modules are passed over.
    static let stack = ["vfio_pci", "vfio_pci_core", "irqbypass", "vfio_virqfd", "vfio_iommu_type1", "vfio", "iommufd"]

    static let all: [Scenario] = [
        Setups.clean.test("modules/load-noiommu-off", "vfio loads with enable_unsafe_noiommu_mode=0",
                 detail: "Loads vfio with the parameter 0, then vfio-pci, type1 and iommufd; the parameter reads N (absent without CONFIG_VFIO_NOIOMMU); unloads all.") { s, _ throws(ScenarioStop) in
            try s.loadFreshStack(.modeOff)
            try s.check("noiommu parameter", s.mode)
            try s.unloadInOrder(stack)
        },
        Setups.clean.test("modules/load-noiommu-on", "vfio loads with enable_unsafe_noiommu_mode=1",
                 detail: "Loads vfio with the parameter 1; it reads Y (absent without CONFIG_VFIO_NOIOMMU: the kernel ignores the unknown parameter); unloads all.") { s, _ throws(ScenarioStop) in
            try s.loadFreshStack(.modeOn)
            try s.check("noiommu parameter", s.mode)
            try s.unloadInOrder(stack)
        },
        Setups.clean.test("modules/load-order-pci-first", "vfio-pci first pulls in vfio; unload from the top",
                 detail: "Loads vfio-pci alone: libkmod resolves vfio and vfio_pci_core. Then type1. Unloads vfio-pci, vfio_pci_core, type1, vfio in that order; each rmmod succeeds.") { s, _ throws(ScenarioStop) in
            try s.load("vfio-pci")
            try s.check("vfio loaded as a dependency", s.moduleState("vfio") == .live ? "loaded" : "absent")
            if s.features.type1 { try s.load("vfio_iommu_type1") }
            try s.unloadInOrder(stack)
        },
        Setups.clean.test("modules/load-order-type1-first", "type1 before vfio-pci; type1 goes first on unload",
                 detail: "Loads vfio_iommu_type1 (pulling vfio), then vfio-pci; removes type1 while vfio-pci is still loaded (nothing holds it), then the rest.",
                 needs: [.feature(.type1)]) { s, _ throws(ScenarioStop) in
            try s.load("vfio_iommu_type1")
            try s.load("vfio-pci")
            try s.unloadInOrder(["vfio_iommu_type1"] + stack)
        },
        Setups.clean.test("modules/iommufd-first", "iommufd first; it cannot go while vfio uses it",
                 detail: "Loads iommufd, then vfio-pci. rmmod iommufd while vfio is loaded must be refused (vfio links iommufd when IOMMUFD is enabled); then unloads vfio-pci, vfio and iommufd.",
                 needs: [.feature(.iommufd)]) { s, _ throws(ScenarioStop) in
            try s.load("iommufd")
            try s.load("vfio-pci")
            try s.check("rmmod iommufd while vfio loaded", s.rmmod("iommufd"))
            try s.unloadInOrder(stack)
        },
        Setups.clean.test("modules/cycles", "three load/unload cycles leave refcounts as they were",
                 detail: "Three times: load the stack (noiommu alternating 1/0), record every module's refcount, unload. Every cycle sees the refcounts of the first, and each unload returns to the modules loaded before.") { s, _ throws(ScenarioStop) in
            let before = Set(s.loadedModules())
            var first: [String: Int]?
            for cycle in 1...3 {
                try s.loadFreshStack(cycle % 2 == 1 ? .modeOn : .modeOff)
                let loaded = s.loadedState
                first = first ?? loaded
                try s.require("refcounts as in cycle 1", loaded == first ? "same" : "differ: \(loaded.sorted { $0.key < $1.key })")
                try s.unloadInOrder(stack)
                let after = Set(s.loadedModules())
                try s.require("modules back to baseline", after == before ? "baseline" : "left: \(after.subtracting(before).sorted())")
            }
        },
        Setups.clean.test("modules/rmmod-vfio-refused-while-pci-loaded", "rmmod vfio is refused while vfio-pci is loaded",
                 detail: "Loads vfio-pci; removing vfio must fail (it has users) and vfio stays loaded.") { s, _ throws(ScenarioStop) in
            try s.load("vfio-pci")
            try s.check("rmmod vfio", s.rmmod("vfio"))
            try s.check("vfio still loaded", s.moduleState("vfio") == .live ? "loaded" : "absent")
        },
    ]
}
