/// What a race round left behind, read after it as the sequential scenarios
/// read each state: the device's driver, its group node, its vfio-dev entry
/// and cdev node, the noiommu mode and the U taint. `unexpected` checks
/// each against the expectation table and them against each other.
struct RoundState: Sendable, Equatable, CustomStringConvertible {
    var driver: String?
    /// "noiommu", "plain" or "absent".
    var groupNode: String
    /// "vfioN", "noiommu-vfioN" or "absent".
    var entry: String
    var cdevNode: Bool
    var mode: String
    /// "set", "clear" or why the mask cannot be read.
    var taint: String
    /// The device has no IOMMU group of its own: bound, it is a noiommu one.
    var noiommuDevice: Bool

    var description: String {
        "driver \(driver ?? "none"), group node \(groupNode), vfio-dev entry \(entry), cdev node \(cdevNode ? "present" : "absent"), mode \(mode), taint U \(taint)"
    }

    /// What is read of the device, one step each (`RoundRows.steps`): the
    /// rows of `round end: STEP` say what a round may leave, for a device
    /// bound to vfio-pci or not (`bound=`), as the sequential scenarios'
    /// rows say it after a bind or an unbind.
    /// The taint only for a noiommu device left bound, the one state that
    /// must have set it: the flag is sticky, so any other says nothing.
    func observed(_ step: RoundRows.Step) -> String? {
        switch step {
        case .groupNode: groupNode
        case .entry: entry
        case .cdevNode: cdevNode ? "present" : "absent"
        case .taint: bound && noiommuDevice ? taint : nil
        }
    }

    /// Whether the rows for a bound device apply.
    var bound: Bool { driver == "vfio-pci" }

    /// What the table does not allow, each with its row, and what does not
    /// hold together; nil when nothing, else with the whole state.
    func unexpected(in rows: RoundRows) -> String? {
        var wrong: [String] = []
        for step in RoundRows.Step.allCases {
            guard let observed = observed(step) else { continue }
            guard let rule = rows.rule(step, bound: bound) else {
                wrong.append(rows.noRow(step, bound: bound))
                continue
            }
            if !rule.accepts(observed) { wrong.append("\(step.name) is \(observed), \(rows.file):\(rule.line) allows \(rule.expectedText)") }
        }
        // Against each other, bound or not: a noiommu node is there only after the taint was set.
        if (groupNode == "noiommu" || entry == "noiommu-vfioN") && taint != "set" { wrong.append("a noiommu node exists and taint U is \(taint)") }
        return wrong.isEmpty ? nil : wrong.joined(separator: "; ") + " (\(description))"
    }
}
