import Glibc
import Testing
@testable import Lab

/// What a built variant's directory tells the guests.
@Suite struct KernelArtifactsTests {
    /// The build writes the command number with a newline; a reading that
    /// kept it made 7.3.4's 0x95 into "no PA query" and skipped get-pa.
    @Test(arguments: [("149\n", UInt8?.some(0x95)), ("149", 0x95), ("", nil), ("\n", nil)])
    func thePAQueryNumberIsReadAsTheBuildWroteIt(text: String, expected: UInt8?) throws {
        let directory = "/tmp/kernel-artifacts-tests-\(getpid())-\(text.count)"
        try LabFile.makeDirectory(directory)
        defer { LabFile.remove(directory) }
        try LabFile.write(text, to: directory + "/getpa")
        let artifacts = KernelArtifacts(variant: "legacy", directory: directory, release: "r", kernel: "7.3.4")
        #expect(artifacts.getPACommand == expected)
    }
}
