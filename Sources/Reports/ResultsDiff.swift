import Results

/// A new result measured against a baseline, for a CI gate: what broke, what
/// got fixed, and what the kernel now crashes on. Cells are matched by their
/// place in the matrix whatever patch step each document ran at: a
/// document with several steps is compared a step at a time (`SeriesDiff`).
public struct ResultsDiff: Sendable {
    /// Was pass or skip, now fail, crash, hang or error.
    public var regressions: [OutcomeChange]
    /// Was fail, crash, hang or error, now pass or skip.
    public var fixes: [OutcomeChange]
    /// Crashes now and did not crash before, whatever it did (or whether it
    /// ran at all) before: a crash that replaces a failure is still news.
    public var newCrashes: [CellKey]
    public var added: [CellKey]
    public var removed: [CellKey]
    /// Every other outcome change: pass to skip, fail to hang, and so on.
    public var changed: [OutcomeChange]
    /// What the kernel answered differently in cells both documents have,
    /// whether or not either failed: what a series changes, for a reviewer.
    public var behaviourChanges: [StepChange]

    /// Cells both documents have: none means the two runs cannot be
    /// compared (another kernel, other variants), which no gate may pass.
    public var common: Int

    /// The kernels compared with each other where they differ: the
    /// baseline's cells sit under the new kernel's name.
    public var kernelPairs: [KernelPair]

    private let newCells: [CellKey: Cell]
    private let kernels: (base: [String], new: [String])

    public init(base: ResultsDocument, new: ResultsDocument, pairing: KernelPairing = .automatic) {
        let pairs = pairing.pairs(base: Set(base.cells.map(\.key.kernel)), new: Set(new.cells.map(\.key.kernel)))
        let renamed = Dictionary(pairs.map { ($0.base, $0.new) }, uniquingKeysWith: { first, _ in first })
        let compared = Set(pairs.map(\.new))
        let baseCells = base.cells.compactMap { cell -> (CellKey, Cell)? in
            var key = cell.key.place
            if let kernel = renamed[key.kernel] { key.kernel = kernel } else if pairing != .automatic { return nil }
            return (key, cell)
        }
        let newCells = new.cells.filter { pairing == .automatic || compared.contains($0.key.kernel) }
        let before = Dictionary(baseCells, uniquingKeysWith: { _, last in last })
        let after = Dictionary(newCells.map { ($0.key.place, $0) }, uniquingKeysWith: { _, last in last })
        var changes: [OutcomeChange] = []
        for key in after.keys.sorted() {
            guard let old = before[key]?.outcome, let now = after[key]?.outcome, old != now else { continue }
            changes.append(OutcomeChange(key: key, before: old, after: now))
        }
        regressions = changes.filter { !$0.before.isProblem && $0.after.isProblem }
        fixes = changes.filter { $0.before.isProblem && !$0.after.isProblem }
        changed = changes.filter { $0.before.isProblem == $0.after.isProblem }
        newCrashes = after.values.filter { $0.outcome == .crash && before[$0.key]?.outcome != .crash }.map(\.key).sorted()
        added = after.keys.filter { before[$0] == nil }.sorted()
        removed = before.keys.filter { after[$0] == nil }.sorted()
        common = after.keys.count { before[$0] != nil }
        // A skipped cell ran no step: its outcome change says all there is.
        behaviourChanges = after.sorted { $0.key < $1.key }.flatMap { key, cell in
            guard let old = before[key], old.outcome != .skip, cell.outcome != .skip else { return [StepChange]() }
            return StepChange.changes(from: old, to: cell).map { change in
                var change = change
                change.key = key
                return change
            }
        }
        self.newCells = after
        kernels = (Set(base.cells.map(\.key.kernel)).sorted(), Set(new.cells.map(\.key.kernel)).sorted())
        kernelPairs = pairs.filter { $0.base != $0.new }
    }

    /// 1 when the gate must fail on the kernel: any regression or any new
    /// crash; 4 (nothing tested) when the documents share no cell at all.
    public var exitStatus: Int32 {
        if !regressions.isEmpty || !newCrashes.isEmpty { return 1 }
        return common == 0 ? ExitStatus.nothingTested : 0
    }

    /// Plain text, most urgent first; a problem's line carries its evidence.
    public func render() -> String {
        var lines = kernelPairs.map { "kernels compared: \($0.base) (baseline) with \($0.new), cell by cell" } + (kernelPairs.isEmpty ? [] : [""])
        section("Regressions", regressions.map(line(for:)), into: &lines)
        section("New crashes", newCrashes.map(line(for:)), into: &lines)
        section("Fixes", fixes.map(line(for:)), into: &lines)
        section("Other changes", changed.map(line(for:)), into: &lines)
        section("Behaviour changes", behaviourChanges.map(\.line), into: &lines)
        section("Added", added.map(line(for:)), into: &lines)
        section("Removed", removed.map(\.description), into: &lines)
        let counts = [
            ("regressions", regressions.count), ("new crashes", newCrashes.count), ("fixes", fixes.count),
            ("other changes", changed.count), ("behaviour changes", behaviourChanges.count),
            ("added", added.count), ("removed", removed.count),
        ]
        lines.append(counts.map { "\($0.0): \($0.1)" }.joined(separator: ", "))
        if common == 0 {
            let names = { (kernels: [String]) in kernels.map { $0.isEmpty ? "unknown" : $0 }.joined(separator: ", ") }
            lines.append("no cells in common: nothing was compared (baseline kernels: \(names(kernels.base)); new: \(names(kernels.new)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func section(_ title: String, _ entries: [String], into lines: inout [String]) {
        guard !entries.isEmpty else { return }
        lines.append("\(title) (\(entries.count)):")
        lines += entries.map { "  " + $0 }
        lines.append("")
    }

    private func line(for change: OutcomeChange) -> String {
        "\(change.key): \(change.before.rawValue) -> \(change.after.rawValue)" + evidence(change.key)
    }

    private func line(for key: CellKey) -> String {
        "\(key): \(newCells[key]?.outcome.rawValue ?? "")" + evidence(key)
    }

    private func evidence(_ key: CellKey) -> String {
        guard let cell = newCells[key], cell.outcome.isProblem else { return "" }
        return ": " + EvidenceLines.summary(of: cell)
    }
}
