import Engine
import Results
import Testing
@testable import vfio_conformance

/// The command lines the binary is started with by init and by the engine
/// are built in GuestProtocol and parsed here: a test, not a guest boot,
/// says when the two disagree.
@Suite struct GuestCommandLineTests {
    let plan = ScenarioPlan(catalog: ScenarioCatalog.all.map(\.name), running: ["group/taint"]).encoded

    @Test func initsHarnessLineIsTheGuestVerb() throws {
        let argv = GuestProtocol.harness(variant: "legacy", topology: "noiommu", plan: plan, getPACommand: "none", cpus: "2",
                                         raceSeconds: "1.5", raceSeed: "12345", raceIterations: "40")
        #expect(argv.first == GuestProtocol.binary)
        let guest = try #require(try VFIOConformance.parseAsRoot(Array(argv.dropFirst())) as? GuestCommand)
        #expect(guest.statusFile == GuestProtocol.statusFile)
        #expect(guest.engine.stream == GuestProtocol.cellsPort)
        #expect(guest.engine.expectations == GuestProtocol.expectations)
        #expect(guest.engine.variant == "legacy" && guest.engine.topology == .noiommu)
        #expect(guest.format.format == .ktap)
        #expect(guest.cpus == 2)
        #expect(try guest.race.settings == RaceSettings(seconds: 1.5, seed: 12345, iterations: 40))
    }

    /// The host's race options reach the guest: the words on the kernel
    /// command line (init reads them back: LabTests/GuestImageTests) and the guest verb's options.
    @Test func theRaceOptionsGoFromTheMatrixToTheGuestsCommandLine() throws {
        let matrix = try #require(try VFIOConformance.parseAsRoot(["--matrix", "--vm", "--race-seconds", "2", "--race-seed", "77"]) as? MatrixCommand)
        #expect(matrix.race.kernelParameters(depth: true) == "vfioc.raceseconds=2.0 vfioc.raceseed=77 vfioc.raceiterations=0")
        // Unless told, the default matrix races briefly and the depth tier longer.
        let plain = try #require(try VFIOConformance.parseAsRoot(["--matrix", "--vm"]) as? MatrixCommand)
        #expect(plain.race.kernelParameters(depth: false).hasPrefix("vfioc.raceseconds=\(RaceSettings.defaultSeconds) "))
        #expect(plain.race.kernelParameters(depth: true).hasPrefix("vfioc.raceseconds=\(RaceSettings.depthSeconds) "))
        #expect(try matrix.race.settings == RaceSettings(seconds: 2, seed: 77))
        let guest = try #require(try VFIOConformance.parseAsRoot(["guest", "--plan", plan, "--status-file", "/tmp/s", "--race-seconds", "2.0"]) as? GuestCommand)
        #expect(try guest.race.settings == RaceSettings(seconds: 2))
        for bad in [["--race-seconds", "0"], ["--race-seconds", "61"], ["--race-seed", "soon"], ["--race-iterations", "-1"]] {
            #expect(throws: (any Error).self) { try VFIOConformance.parseAsRoot(["--matrix"] + bad) }
        }
    }

    /// A mutant's expected killers go first; the host names the cell in
    /// flight from the same order (ScenarioPlan.order).
    @Test func theFirstScenariosRunBeforeTheRest() throws {
        let catalog = ScenarioCatalog.all.map(\.name)
        let plan = ScenarioPlan(catalog: catalog, running: ["modules/cycles", "group/taint", "race/open-group-twice"]).encoded
        let first = ScenarioPlan(catalog: catalog, running: ["race/open-group-twice"]).encoded
        let argv = GuestProtocol.harness(variant: "debug", topology: "noiommu", plan: plan, first: first, getPACommand: "none", cpus: "2")
        let guest = try #require(try VFIOConformance.parseAsRoot(Array(argv.dropFirst())) as? GuestCommand)
        #expect(try guest.scenarios().map(\.name) == ["race/open-group-twice", "modules/cycles", "group/taint"])
        let unordered = try #require(try VFIOConformance.parseAsRoot(Array(GuestProtocol.harness(
            variant: "debug", topology: "noiommu", plan: plan, getPACommand: "none", cpus: "2").dropFirst())) as? GuestCommand)
        #expect(try unordered.scenarios().map(\.name) == ["modules/cycles", "group/taint", "race/open-group-twice"])
    }

    @Test func theMatrixRefusesTheGuestsOptions() {
        for options in [["--status-file", "/tmp/s"], ["--plan", plan], ["--guest"]] {
            #expect(throws: (any Error).self) { try VFIOConformance.parseAsRoot(["--matrix"] + options) }
        }
    }
}
