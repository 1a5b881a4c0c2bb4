import Testing
@testable import Probes

@Suite struct ThreadSampleTests {
    let status = "Name:\tvfio-conformance\nState:\tD (disk sleep)\nvoluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3\n"
    let stack = "[<0>] vfio_unregister_group_dev+0x9b/0x110 [vfio]\n[<0>] vfio_pci_remove+0x1a/0x30 [vfio_pci]\n[<0>] pci_device_remove+0x3e/0xb0\n"

    @Test func readsStateSwitchesAndStack() throws {
        let sample = try #require(ThreadSample.parse(stat: "4242 (a (weird) name) D 1 4242 4242 0 -1", status: status, stack: stack))
        #expect(sample.state == "D")
        #expect(sample.switches == 15)
        #expect(sample.stack == ["vfio_unregister_group_dev+0x9b/0x110 [vfio]", "vfio_pci_remove+0x1a/0x30 [vfio_pci]", "pci_device_remove+0x3e/0xb0"])
        #expect(sample.summary == "state D at vfio_unregister_group_dev+0x9b/0x110 [vfio] <- vfio_pci_remove+0x1a/0x30 [vfio_pci] <- pci_device_remove+0x3e/0xb0")
    }

    @Test func aThreadShowingTheSameSampleNotRunningIsStuckAfterTheDelay() throws {
        let sample = try #require(ThreadSample.parse(stat: "1 (x) D", status: status, stack: stack))
        var detector = StuckThread(stillFor: 3)
        #expect(detector.observe(sample, at: 0) == nil)
        #expect(detector.observe(sample, at: 2.5) == nil)
        #expect(detector.observe(sample, at: 3) == sample)
    }

    /// A slow step (a checker kernel's) keeps running or waking up: never stuck.
    @Test func aThreadThatRunsOrWakesIsNeverStuck() throws {
        var sample = try #require(ThreadSample.parse(stat: "1 (x) S", status: status, stack: stack))
        var detector = StuckThread(stillFor: 3)
        for second in 0..<20 {
            sample.switches += 1
            #expect(detector.observe(sample, at: Double(second)) == nil)
        }
        var running = sample
        running.state = "R"
        for second in 20..<40 { #expect(detector.observe(running, at: Double(second)) == nil) }
        #expect(detector.observe(nil, at: 41) == nil)
    }

    /// A thread waiting for another of this process (futex) waits for no kernel call of its own.
    @Test func waitingForAnotherThreadIsNotStuck() throws {
        let waiting = try #require(ThreadSample.parse(stat: "1 (x) S", status: status,
                                                      stack: "[<0>] futex_wait_queue+0x60/0x90\n[<0>] __futex_wait+0x145/0x1b0\n"))
        var detector = StuckThread(stillFor: 3)
        for second in 0..<10 { #expect(detector.observe(waiting, at: Double(second)) == nil) }
        // Swift's Mutex waits in a PI futex: as much a wait for this process.
        let locked = try #require(ThreadSample.parse(stat: "1 (x) S", status: status,
                                                     stack: "[<0>] rt_mutex_schedule+0x14/0x30\n[<0>] futex_lock_pi+0x2b6/0x480\n[<0>] do_futex+0x4b/0x120\n"))
        #expect(locked.waitsForThisProcess)
    }
}
