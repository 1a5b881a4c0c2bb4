import ArgumentParser
import Lab
import Results

/// How the race scenarios race: the same options on the running kernel,
/// with --vm (the host passes them to every guest) and in a guest.
struct RaceArguments: ParsableArguments {
    @Option(parsing: .unconditional, help: ArgumentHelp("How long each race/* scenario races, in seconds (default: \(Int(RaceSettings.defaultSeconds)); \(Int(RaceSettings.depthSeconds)) on the tier's guests of two or more vCPUs, since on one CPU the threads only interleave at preemption and a longer race finds nothing more).", valueName: "seconds"))
    var raceSeconds: Double?

    @Option(help: ArgumentHelp("The seed of the races' jitter: a number, to repeat a run (a failing race names its seed), or `random` (a new one per race, reported).", valueName: "n"))
    var raceSeed = "random"

    @Option(parsing: .unconditional, help: ArgumentHelp("Stop each race after n iterations even with time left, to repeat a run to the iteration it broke at; 0: until the time is up.", valueName: "n"))
    var raceIterations = 0

    @Flag(help: "After each race, make the kernel calls of its last round in which every call worked again from C, round after round for as long, with nothing of the harness between them, and record both rates in the cell (ci/bench-races.sh).")
    var raceBareLoop = false

    /// Races longer than this would outlast the guest's watchdog (120 s a cell).
    static let longest: Double = 60

    func validate() throws {
        if let raceSeconds, !(raceSeconds.isFinite && raceSeconds > 0 && raceSeconds <= Self.longest) {
            throw ValidationError("--race-seconds \(raceSeconds): want seconds above 0, at most \(Int(Self.longest))")
        }
        _ = try seed()
        if raceIterations < 0 { throw ValidationError("--race-iterations \(raceIterations): want 0 (no limit) or more") }
    }

    private func seed() throws -> UInt64? {
        if raceSeed == "random" { return nil }
        guard let seed = UInt64(raceSeed) else { throw ValidationError("--race-seed \(raceSeed): want a number or `random`") }
        return seed
    }

    var settings: RaceSettings {
        get throws {
            RaceSettings(seconds: raceSeconds ?? RaceSettings.defaultSeconds, seed: try seed(), iterations: raceIterations == 0 ? nil : raceIterations,
                         bareLoop: raceBareLoop)
        }
    }

    /// The options as asked, for a lab run: each guest's `RaceSettings`
    /// fills in the seconds by its vCPUs (`RaceSettings(seconds:seed:iterations:bareLoop:vcpus:)`).
    func ask(_ options: inout LabOptions) throws {
        options.raceSeconds = raceSeconds
        options.raceSeed = try seed()
        options.raceIterations = raceIterations == 0 ? nil : raceIterations
        options.raceBareLoop = raceBareLoop
    }
}
