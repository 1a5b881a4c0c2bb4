import Testing
@testable import Results

/// The host's words for a guest come back as written, among the kernel's
/// own, and a word the host always writes is never defaulted.
@Suite struct GuestBootTests {
    static let plan = GuestBoot.Plan(variant: "debug", topology: .viommu, plan: "v1.abc", first: "v1.a",
                                     getPACommand: 0x95, race: RaceSettings(seconds: 1.5, seed: 12345, iterations: 40, bareLoop: true),
                                     keepCalls: true)

    @Test(arguments: [
        GuestBoot(.scenarios(plan), cpus: 2),
        GuestBoot(.scenarios(GuestBoot.Plan(variant: "legacy", topology: .noiommu, plan: "v1.x", getPACommand: nil, race: RaceSettings())), cpus: 1),
        GuestBoot(.bare, cpus: 1),
        GuestBoot(.provoke("test_ubsan:x=1,y=2"), cpus: 2),
        GuestBoot(.reproduce(seconds: 60), cpus: 2),
    ])
    func theWordsComeBackAsWritten(boot: GuestBoot) throws {
        let commandLine = "console=ttyS0 panic=-1 intel_iommu=on \(boot.words) quiet"
        #expect(try GuestBoot(commandLine: commandLine + "\n") == boot)
    }

    @Test func theVariantAndTopologyAreSaidByName() {
        #expect(GuestBoot(.scenarios(Self.plan), cpus: 2).words.contains(" vfioc.variant=debug vfioc.topology=viommu "))
    }

    @Test func aMissingWordIsNamed() throws {
        let words = GuestBoot(.scenarios(Self.plan), cpus: 2).words.split(separator: " ").filter { !$0.hasPrefix("vfioc.raceseed=") }
        #expect(throws: GuestBoot.Malformed("the kernel command line has no vfioc.raceseed=: the host writes it for this guest")) {
            try GuestBoot(commandLine: words.joined(separator: " "))
        }
        #expect(throws: GuestBoot.Malformed.self) { try GuestBoot(commandLine: "vfioc.bare=1") }
    }

    /// Unless told, the default matrix races briefly and the tier's guests of two or more vCPUs longer.
    @Test func aGuestsRaceSecondsFollowItsVCPUs() {
        #expect(RaceSettings(seconds: nil, seed: nil, iterations: nil, bareLoop: false, vcpus: 2).seconds == RaceSettings.depthSeconds)
        #expect(RaceSettings(seconds: nil, seed: nil, iterations: nil, bareLoop: false, vcpus: 1).seconds == RaceSettings.defaultSeconds)
        #expect(RaceSettings(seconds: 7, seed: 3, iterations: nil, bareLoop: false, vcpus: 1) == RaceSettings(seconds: 7, seed: 3))
    }
}
