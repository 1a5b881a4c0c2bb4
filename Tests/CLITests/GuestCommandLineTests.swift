import Engine
import Lab
import Results
import Testing
@testable import vfio_conformance

/// The command line init starts the binary with is built in GuestProtocol
/// and parsed here, and the host's race options reach the lab's guests: a
/// test, not a guest boot, says when the two sides disagree.
@Suite struct GuestCommandLineTests {
    @Test func initsHarnessLineIsTheGuestVerb() throws {
        let argv = GuestProtocol.harness
        #expect(argv.first == GuestProtocol.binary)
        let guest = try #require(try VFIOConformance.parseAsRoot(Array(argv.dropFirst())) as? GuestCommand)
        #expect(guest.boot == GuestProtocol.commandLine)
        #expect(guest.statusFile == GuestProtocol.statusFile)
        #expect(guest.stream == GuestProtocol.cellsPort)
        #expect(guest.expectations == GuestProtocol.expectations)
        #expect(guest.format.format == .ktap)
    }

    @Test func theRaceOptionsGoFromTheMatrixToTheLab() throws {
        let matrix = try #require(try VFIOConformance.parseAsRoot(["--matrix", "--vm", "--race-seconds", "2", "--race-seed", "77"]) as? MatrixCommand)
        var options = LabOptions(package: "/p", catalog: [], scenarios: [], jobs: 1)
        try matrix.race.ask(&options)
        #expect(options.raceSeconds == 2 && options.raceSeed == 77 && options.raceIterations == nil)
        #expect(try matrix.race.settings == RaceSettings(seconds: 2, seed: 77))
        for bad in [["--race-seconds", "0"], ["--race-seconds", "61"], ["--race-seed", "soon"], ["--race-iterations", "-1"]] {
            #expect(throws: (any Error).self) { try VFIOConformance.parseAsRoot(["--matrix"] + bad) }
        }
    }

    @Test func theMatrixRefusesTheGuestsOptions() {
        for options in [["--status-file", "/tmp/s"], ["--boot", "/proc/cmdline"], ["--guest"]] {
            #expect(throws: (any Error).self) { try VFIOConformance.parseAsRoot(["--matrix"] + options) }
        }
    }
}
