import Results

/// Results compared the way a series is reviewed: each patch against the
/// tree before it, so a regression is listed at the patch that made it and
/// a series that breaks and then mends a cell still fails the gate (each
/// patch must work on its own). Against a baseline, every step is compared
/// with the baseline's same step, or with the baseline itself when it has
/// one step only.
public struct SeriesDiff: Sendable {
    /// What each comparison is: "patch 2/3: subject, against patch 1/3"; nil
    /// for two documents of one step each, which read as a plain diff.
    public var comparisons: [(title: String?, diff: ResultsDiff)]

    /// One document with several patch steps: each step against the one
    /// before; nil for a document of one step, which has nothing to compare.
    public init?(series document: ResultsDocument) {
        let steps = document.steps.filter { $0.step != nil }
        guard steps.count > 1 else { return nil }
        let count = document.seriesLength
        comparisons = zip(steps, steps.dropFirst()).map { old, new in
            (Self.title(new.step, count: count) + ", against " + Self.title(old.step, count: count),
             ResultsDiff(base: old.document, new: new.document))
        }
    }

    public init(base: ResultsDocument, new: ResultsDocument, pairing: KernelPairing = .automatic) {
        let old = base.steps, steps = new.steps
        guard steps.count > 1 || old.count > 1 else {
            comparisons = [(nil, ResultsDiff(base: base, new: new, pairing: pairing))]
            return
        }
        let count = new.seriesLength
        let baseline = Dictionary(old.map { ($0.step?.index, $0.document) }, uniquingKeysWith: { first, _ in first })
        comparisons = steps.map { step in
            let against = old.count == 1 ? old[0].document : baseline[step.step?.index] ?? ResultsDocument(run: base.run, cells: [])
            let which = old.count == 1 ? "the baseline" : "the baseline's " + Self.title(step.step, count: count)
            return (Self.title(step.step, count: count) + ", against " + which, ResultsDiff(base: against, new: step.document, pairing: pairing))
        }
    }

    private static func title(_ step: PatchStep?, count: Int) -> String {
        step?.label(of: count) ?? "cells without a patch step"
    }

    /// 1 when any comparison regressed or crashed anew; 4 when none shares a cell.
    public var exitStatus: Int32 {
        let statuses = comparisons.map(\.diff.exitStatus)
        if statuses.contains(1) { return 1 }
        return statuses.allSatisfy { $0 == ExitStatus.nothingTested } ? ExitStatus.nothingTested : 0
    }

    /// What each patch changed in the kernel's answers, whether or not a
    /// cell failed; patches that changed nothing are left out.
    var behaviourChanges: [(title: String, lines: [String])] {
        comparisons.compactMap { comparison in
            let lines = comparison.diff.behaviourChanges.map(\.line)
            return lines.isEmpty ? nil : (comparison.title ?? "", lines)
        }
    }

    /// Reports title the section the same way everywhere.
    static let behaviourTitle = "Behaviour changes per patch"

    public func render() -> String {
        guard comparisons.count > 1 || comparisons.first?.title != nil else { return comparisons.first?.diff.render() ?? "" }
        var text = comparisons.map { "== \($0.title ?? "")\n" + $0.diff.render() }.joined(separator: "\n")
        let bad = comparisons.filter { $0.diff.exitStatus == 1 }.compactMap(\.title)
        text += "\n" + (bad.isEmpty ? "no patch regressed a cell\n" : "regressed at: " + bad.joined(separator: "; ") + "\n")
        return text
    }
}
