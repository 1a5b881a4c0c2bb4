import Glibc
import Synchronization
import Testing
@testable import Host

@Suite(.serialized) struct SignalHandlerTests {
    @Test func aSignalRunsTheActionInsteadOfKilling() {
        let calls = Atomic(0)
        let handler = SignalHandler { calls.add(1, ordering: .relaxed) }
        // Process-directed, like a Ctrl-C: raise() would target this test's
        // thread, a libdispatch worker that blocks signals.
        kill(getpid(), SIGTERM)
        for _ in 0..<100 where calls.load(ordering: .relaxed) < 1 { usleep(10_000) }
        kill(getpid(), SIGINT)
        for _ in 0..<100 where calls.load(ordering: .relaxed) < 2 { usleep(10_000) }
        handler.cancel()
        #expect(calls.load(ordering: .relaxed) == 2)
    }
}
