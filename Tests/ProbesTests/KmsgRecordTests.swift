import Testing
@testable import Probes

@Suite struct KmsgRecordTests {
    @Test func parsesTheHeaderAndKeepsCommasAndSemicolonsInTheMessage() throws {
        let record = try #require(KmsgRecord(line: "6,1234,5678901,-;vfio-pci 0000:00:04.0: a, b; c;d\n"))
        #expect(record.level == 6)
        #expect(record.sequence == 1234)
        #expect(record.microseconds == 5678901)
        #expect(record.message == "vfio-pci 0000:00:04.0: a, b; c;d")
    }

    @Test func levelIgnoresTheFacility() throws {
        // Facility 1 (user) << 3 | level 4, as userspace writes to /dev/kmsg produce.
        #expect(try #require(KmsgRecord(line: "12,7,8,-;marker")).level == 4)
    }

    @Test func acceptsExtraHeaderFields() throws {
        let record = try #require(KmsgRecord(line: "4,99,100,c,caller=T245;continued"))
        #expect(record.sequence == 99)
        #expect(record.message == "continued")
    }

    @Test func undoesTheKernelsEscapes() throws {
        let record = try #require(KmsgRecord(line: #"4,1,2,-;\x0aWARNING: possible recursive locking detected\x0a\x5cx0a"#))
        #expect(record.message == "\nWARNING: possible recursive locking detected\n\\x0a")
    }

    @Test func keepsAnEmptyMessage() throws {
        #expect(try #require(KmsgRecord(line: "4,1,2,-;")).message == "")
    }

    @Test(arguments: [" SUBSYSTEM=pci", " DEVICE=+pci:0000:00:04.0", "", "no header here",
                      "6,1,2;too few fields", "x,1,2,-;bad priority", "6,-1,2,-;bad sequence"])
    func rejectsLinesThatAreNotRecords(line: String) {
        #expect(KmsgRecord(line: line) == nil)
    }
}
