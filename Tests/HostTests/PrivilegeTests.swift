import Foundation
import Glibc
import Testing
import Host

@Suite struct PrivilegeTests {
    /// Capability bits of the calling thread from /proc/thread-self/status.
    static func capabilities(_ field: String) -> UInt64? {
        guard let status = try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }),
              let hex = line.split(separator: "\t").last else { return nil }
        return UInt64(hex, radix: 16)
    }

    static let canDrop = Privilege.isRoot
        && (capabilities("CapEff") ?? 0) & (1 << 8 | 1 << UInt64(Privilege.capSysRawIO)) == (1 << 8 | 1 << 17)

    @Test func unknownCapabilityIsEinvalWithoutSideEffects() {
        #expect(throws: HostError.capability(number: 999, errno: .invalidArgument)) { try Privilege.dropCapability(999) }
    }

    /// Credentials are per thread, so the drop happens on a thread of its own
    /// that ends with the test: the rest of the test process keeps its caps.
    @Test(.enabled(if: canDrop, "needs root with CAP_SYS_RAWIO and CAP_SETPCAP"))
    func dropsRawIOFromEverySetOfTheCallingThread() async throws {
        let bit = UInt64(1) << UInt64(Privilege.capSysRawIO)
        let sets: [String: UInt64] = await withCheckedContinuation { continuation in
            Thread {
                var sets: [String: UInt64] = [:]
                if (try? Privilege.dropCapability(Privilege.capSysRawIO)) != nil {
                    for field in ["CapEff", "CapPrm", "CapInh", "CapBnd"] { sets[field] = Self.capabilities(field) }
                }
                continuation.resume(returning: sets)
            }.start()
        }
        #expect(sets.count == 4)
        for (field, value) in sets { #expect(value & bit == 0, "\(field) still has CAP_SYS_RAWIO") }
        #expect((Self.capabilities("CapEff") ?? 0) & bit != 0, "the other threads keep it")
    }

    /// What the model kernel asks before it lets a noiommu node open: the
    /// calling thread's effective set, not the process's.
    @Test(.enabled(if: canDrop, "needs root with CAP_SYS_RAWIO and CAP_SETPCAP"))
    func hasAnswersForTheCallingThread() throws {
        let answers = try UnprivilegedThread.run(without: Privilege.capSysRawIO, timeout: 10) { Privilege.has(Privilege.capSysRawIO) }
        #expect(!answers, "the thread that dropped it still has it")
        #expect(Privilege.has(Privilege.capSysRawIO), "the other threads keep it")
        #expect(!Privilege.has(999))
    }
}
