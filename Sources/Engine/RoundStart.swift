/// The start of a race's round as steps that must succeed: the first
/// refusal closes what the round opened, newest first, and breaks the race.
struct RoundStart: KernelSteps {
    let kernel: CellKernel
    /// The files open before the round's.
    private let mark: Int

    init(_ kernel: CellKernel) {
        self.kernel = kernel
        mark = kernel.openCount
    }

    func must<T>(_ step: String, _ body: () throws -> T) throws(RaceBreak) -> T {
        do { return try body() } catch {
            kernel.close(since: mark)
            throw RaceBreak("the round's \(step) answered \(Observation.of(error))")
        }
    }
}
