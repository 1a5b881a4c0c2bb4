import Foundation
import Testing
@testable import Host

@Suite struct BackgroundCallTests {
    @Test func returnsTheValueOfAQuickCall() {
        #expect(BackgroundCall { 42 }.wait(seconds: 5) == 42)
    }

    @Test func aCallStillBlockedAtTheDeadlineIsNil() {
        let call = BackgroundCall { () -> Int in usleep(2_000_000); return 1 }
        #expect(call.wait(seconds: 0.1) == nil)
        #expect(call.wait(seconds: 5) == 1)
    }

    @Test func onOwnThreadRunsOffTheCallersThread() throws {
        let caller = pthread_self()
        let call = try BackgroundCall.onOwnThread { pthread_equal(pthread_self(), caller) != 0 }
        #expect(call.wait(seconds: 5) == false)
    }
}

@Suite struct UnprivilegedThreadTests {
    /// CapEff of the calling thread, from /proc/thread-self/status.
    static func effectiveCapabilities() -> UInt64 {
        let status = (try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("CapEff:") } ?? ""
        return UInt64(line.split(separator: "\t").last ?? "", radix: 16) ?? 0
    }

    @Test(.enabled(if: Privilege.isRoot, "needs root, whose threads hold CAP_SYS_RAWIO"))
    func dropsTheCapabilityOnTheWorkerOnly() throws {
        let rawio: UInt64 = 1 << UInt64(Privilege.capSysRawIO)
        #expect(Self.effectiveCapabilities() & rawio != 0)
        let inside = try UnprivilegedThread.run(without: Privilege.capSysRawIO, timeout: 10) { Self.effectiveCapabilities() }
        #expect(inside & rawio == 0)
        #expect(Self.effectiveCapabilities() & rawio != 0)
    }

    @Test(.enabled(if: Privilege.isRoot, "needs root, to drop a capability before the work runs"))
    func workStillBlockedAtTheDeadlineIsATimeout() {
        #expect(throws: HostError.timedOut(operation: "work on a thread without capability \(Privilege.capSysRawIO)", seconds: 0.1)) {
            try UnprivilegedThread.run(without: Privilege.capSysRawIO, timeout: 0.1) { usleep(2_000_000) }
        }
    }
}
