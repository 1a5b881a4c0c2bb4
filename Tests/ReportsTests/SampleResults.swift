import Results

/// A run with every outcome, a crash with a kernel report, a dropped variant,
/// a legacy/compat pair that diverges in several ways, and text that tries
/// to break each format (markup, escape sequences, a very long headline).
enum SampleResults {
    static let open = "group/open-close"
    static let toggle = "toggle/off-while-device-open"
    static let cdev = "cdev/open"
    static let setIOMMU = "container/set-iommu"

    static let openSteps = [
        StepRecord(name: "open group", observed: "ok", seconds: 0.001),
        StepRecord(name: "set container", observed: "ok", seconds: 0.002),
    ]

    static let oops = KernelReport(
        kind: .oops, headline: "general protection fault, probably for non-canonical address 0xdead000000000122",
        excerpt: ["RIP: 0010:vfio_device_put_registration+0x1c/0x60 [vfio]",
                  "Call Trace:", " vfio_unregister_group_dev+0x9b/0x110 [vfio]"])

    static func cell(_ variant: VariantName, _ topology: Topology, _ scenario: String, _ outcome: Outcome,
                     _ evidence: Evidence = Evidence(steps: openSteps)) -> Cell {
        Cell(variant: variant, topology: topology, scenario: scenario, outcome: outcome,
             evidence: evidence, duration: 0.25, kernel: "6.12.117")
    }

    static var cells: [Cell] {
        let crash = Evidence(steps: openSteps + [StepRecord(name: "unbind", observed: "blocked", seconds: 5)],
                             kernelReports: [oops], invariants: ["taint D"],
                             console: ["[   12.5] vfio-pci 0000:00:03.0: \u{1B}[31mremoving\u{1B}[0m", "[   12.6] Oops: 0000 [#1]"])
        let noCdev = Evidence(reason: "no /dev/vfio/devices/vfioN for a noiommu device in 6.12")
        let failed = Evidence(step: "set iommu", expected: "EINVAL", observed: "<script>alert(\"x\") & ok</script>",
                              steps: [StepRecord(name: "set iommu", observed: "ok", seconds: 0.01)])
        let hang = Evidence(step: "unbind", observed: "blocked for 30 s",
                            steps: [StepRecord(name: "unbind", observed: "blocked", seconds: 30)])
        let dropped = Evidence(reason: "variant dropped by Kconfig")
        let harness = Evidence(reason: "guest \u{1B}[1mbinary\u{1B}[0m exited with status 127 before the scenario: " +
                               String(repeating: "very-long-path-component/", count: 6) + "vfio-conformance")
        let compatOpen = [
            StepRecord(name: "open group", observed: "ok", seconds: 0.004),
            StepRecord(name: "set container", observed: "EINVAL", errno: 22, seconds: 0.001),
        ]
        return [
            cell("legacy", .noiommu, open, .pass),
            cell("legacy", .noiommu, toggle, .crash, crash),
            cell("legacy", .noiommu, cdev, .skip, noCdev),
            cell("legacy", .noiommu, setIOMMU, .pass),
            cell("legacy", .viommu, open, .pass),
            cell("legacy", .viommu, toggle, .hang, hang),
            cell("legacy", .viommu, cdev, .pass),
            cell("legacy", .viommu, setIOMMU, .pass),
            // Same outcome, different observation: a divergence all the same.
            cell("iommufd-compat", .noiommu, open, .pass, Evidence(steps: compatOpen)),
            cell("iommufd-compat", .noiommu, toggle, .crash, crash),
            cell("iommufd-compat", .noiommu, cdev, .skip, noCdev),
            cell("iommufd-compat", .noiommu, setIOMMU, .fail, failed),
            // viommu: identical to legacy but for step timings, so no divergence.
            cell("iommufd-compat", .viommu, open, .pass,
                 Evidence(steps: openSteps.map { StepRecord(name: $0.name, observed: $0.observed, seconds: 9) })),
            cell("iommufd-compat", .viommu, toggle, .hang, hang),
            cell("iommufd-compat", .viommu, cdev, .pass),
            cell("iommufd-compat", .viommu, setIOMMU, .pass),
            cell("no-container", .noiommu, open, .skip, dropped),
            cell("no-container", .noiommu, setIOMMU, .skip, dropped),
            cell("cdev-only", .viommu, open, .error, harness),
            cell("cdev-only", .viommu, cdev, .pass),
        ]
    }

    static var run: RunInfo {
        RunInfo(
            source: "linux-source-6.12 (6.12.117-1)",
            patches: ["0001-vfio-noiommu-add-cdev-support.patch", "0002-iommufd-add-IOMMU_IOAS_GET_PA.patch"],
            variants: [
                VariantInfo(name: "legacy", description: "VFIO_GROUP + VFIO_CONTAINER (legacy /dev/vfio/vfio with type1)",
                            requested: ["CONFIG_VFIO_CONTAINER=y"], configDifference: ["CONFIG_VFIO_CONTAINER=y"]),
                VariantInfo(name: "iommufd-compat", description: "iommufd provides /dev/vfio/vfio",
                            requested: ["CONFIG_IOMMUFD_VFIO_CONTAINER=y", "# CONFIG_VFIO_CONTAINER is not set"],
                            configDifference: ["CONFIG_IOMMUFD_VFIO_CONTAINER=y"]),
                VariantInfo(name: "no-container", description: "groups without any container",
                            requested: ["# CONFIG_VFIO_CONTAINER is not set", "CONFIG_VFIO_NOIOMMU=y"],
                            dropped: ["CONFIG_VFIO_NOIOMMU: requested y, got n"]),
                VariantInfo(name: "cdev-only", description: "device cdev without groups",
                            requested: ["CONFIG_VFIO_DEVICE_CDEV=y", "# CONFIG_VFIO_GROUP is not set"]),
            ],
            topologies: [.noiommu, .viommu], started: "2025-11-24T23:00:00Z")
    }

    static var document: ResultsDocument { ResultsDocument(run: run, cells: cells) }

    /// Variant/topology pairs that have cells: 2 + 2 + 1 + 1.
    static let pairCount = 6

    static var problems: [Cell] { cells.filter(\.outcome.isProblem) }
}
