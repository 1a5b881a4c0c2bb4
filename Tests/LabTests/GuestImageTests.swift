import Testing
@testable import Lab

/// The guest's init reads the host's race options from the kernel command
/// line and hands them to the harness.
@Suite struct GuestImageTests {
    @Test func initPassesTheRaceOptionsOn() {
        let script = GuestImage.initScript
        for word in ["vfioc.raceseconds=*) raceseconds=", "vfioc.raceseed=*) raceseed=", "vfioc.raceiterations=*) raceiterations=",
                     "--race-seconds \"${raceseconds:-3}\"", "--race-seed \"${raceseed:-random}\"",
                     "--race-iterations \"${raceiterations:-0}\"", "vfioc.first=*) first=", "--first \"${first:-none}\""] {
            #expect(script.contains(word), "init script lacks \(word)")
        }
    }
}
