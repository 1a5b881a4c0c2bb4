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
        let argv = GuestProtocol.harness(variant: "legacy", topology: "noiommu", plan: plan, getPACommand: "none", cpus: "2")
        #expect(argv.first == GuestProtocol.binary)
        let guest = try #require(try VFIOConformance.parseAsRoot(Array(argv.dropFirst())) as? GuestCommand)
        #expect(guest.statusFile == GuestProtocol.statusFile)
        #expect(guest.engine.stream == GuestProtocol.cellsPort)
        #expect(guest.engine.expectations == GuestProtocol.expectations)
        #expect(guest.engine.variant == "legacy" && guest.engine.topology == .noiommu)
        #expect(guest.format.format == .ktap)
        #expect(guest.cpus == 2)
    }

    @Test func theEnginesChildIsOpenUnprivileged() throws {
        let argv = GuestProtocol.openUnprivileged("/dev/vfio/noiommu-0", executable: "/bin/vfio-conformance")
        let child = try #require(try VFIOConformance.parseAsRoot(Array(argv.dropFirst())) as? OpenUnprivilegedCommand)
        #expect(child.path == "/dev/vfio/noiommu-0")
    }

    @Test func theMatrixRefusesTheGuestsOptions() {
        for options in [["--status-file", "/tmp/s"], ["--plan", plan], ["--guest"]] {
            #expect(throws: (any Error).self) { try VFIOConformance.parseAsRoot(["--matrix"] + options) }
        }
    }
}
