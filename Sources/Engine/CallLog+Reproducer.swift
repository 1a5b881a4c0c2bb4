import Results

extension CallLog {
    /// The reproducer of `cell`: up to the end of the finding's calls when
    /// there is one, all the calls otherwise (a crash, a hang), or a race's
    /// round when the race began before the finding's calls ended.
    /// `slow`: a hang whose call returned once the cell let go (`Release`):
    /// that call's index, and how long in the kernel made it a hang.
    func reproducer(cell: String, finding shown: Finding?, slow: (call: Int, seconds: Double)? = nil, race: RaceFinding?,
                    exits: [String]? = nil) -> Reproducer {
        let race = race.flatMap { (shown?.calls.upperBound ?? records.count) >= $0.at ? $0 : nil }
        var program = ReproducerProgram(cell: cell, records: records, finding: shown, device: device, thread: thread, race: race)
        if let slow, records.indices.contains(slow.call) {
            program.slow = slow
            program.exits = ["Exit 0: the call that hung the cell returned within \(Int(slow.seconds)) s; 1: it took longer (reproduced);"]
        }
        if let exits { program.exits = exits }
        let made: Int = race.map { $0.at + $0.round.before.count + $0.round.workers.joined().count + $0.round.after.count }
            ?? shown?.calls.upperBound ?? program.slowEnd ?? records.count
        return Reproducer(program: program.source, prelude: ReproducerPrelude(stack: stack, device: device).script, calls: made)
    }

    /// The calls that decide a reproducer, the step they are, and what was expected and observed.
    typealias Finding = (calls: Range<Int>, step: String, expected: String, observed: String)

    /// Step `index`'s calls as the finding; nil when it made none that were kept.
    func finding(ofStep index: Int, named step: String, expected: String, observed: String) -> Finding? {
        calls(ofStep: index).map { ($0, step, expected, observed) }
    }

    /// A cell that broke an invariant: the calls after its last step (the
    /// restore and the reads of the machine after it) show it.
    func invariantsFinding(_ broken: [String]) -> Finding {
        ((stepEnds.last ?? 0)..<records.count, ReproducerProgram.invariantsStep, "the machine as the cell found it", broken.joined(separator: "; "))
    }

    /// The reproducer of a cell whose guest died in it (a crash, a hang the
    /// watchdog ended): every call it streamed, the last one where it died.
    /// Nil for any other cell, or one that streamed no call.
    public static func reproducerOfDeadCell(_ cell: Cell) -> Reproducer? {
        guard cell.outcome == .crash || cell.outcome == .hang, cell.evidence.steps.isEmpty, let log = cell.evidence.calls else { return nil }
        return log.reproducer(cell: cell.key.description, finding: nil, race: nil)
    }

    /// A divergence's reproducer, from `cell`'s kept calls: the calls up to
    /// the end of the first run of `step`, whose answers decide. On a kernel
    /// that answers as `cell` did it exits 1, naming what `reference` (the
    /// other variant) observed instead; otherwise 0. Nil when `cell` kept no
    /// calls or never ran the step.
    public static func divergenceReproducer(of cell: Cell, at step: String, reference: Cell) -> Reproducer? {
        guard let log = cell.evidence.calls, let index = cell.evidence.steps.firstIndex(where: { $0.name == step }),
              let other = reference.evidence.steps.first(where: { $0.name == step }) else { return nil }
        let observed = cell.evidence.steps[index].observed
        let expected = "\(other.observed) (the \(reference.variant) variant's answer)"
        return log.reproducer(cell: cell.key.description, finding: log.finding(ofStep: index, named: step, expected: expected, observed: observed), race: nil,
                              exits: ["Exit 1: step '\(step)' answered as on \(cell.variant)",
                                      "(\(observed)), not as on \(reference.variant) (\(other.observed)); 0: otherwise;"])
    }
}
