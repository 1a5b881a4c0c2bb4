import Testing
@testable import Lab
import Results

/// What counts as a reproducer showing its cell's finding again.
@Suite struct ReproducerProofTests {
    func cell(_ outcome: Outcome, report: String? = nil) -> Cell {
        var evidence = Evidence()
        if let report { evidence.kernelReports = [KernelReport(kind: .oops, headline: report, excerpt: [report])] }
        return Cell(variant: "legacy", topology: .noiommu, scenario: "toggle/after-bind", outcome: outcome, evidence: evidence)
    }

    @Test func aFailedCellsReproducerMustExitOne() {
        let reproduced = ReproducerProof.Run(status: "1", reports: [], output: ["REPRODUCED: step 'x' expected ok, the cell observed EBUSY: call 3"])
        #expect(ReproducerProof.shows(cell(.fail), reproduced)?.hasPrefix("REPRODUCED") == true)
        #expect(ReproducerProof.shows(cell(.fail), .init(status: "0", reports: [], output: [])) == nil)
        #expect(ReproducerProof.shows(cell(.fail), .init(status: "2", reports: [], output: [])) == nil)
    }

    @Test func aCrashMustShowTheSameHeadlineWhateverItsAddresses() {
        let crash = cell(.crash, report: "BUG: kernel NULL pointer dereference, address: 0000000000000010")
        let again = KernelReport(kind: .oops, headline: "BUG: kernel NULL pointer dereference, address: 0000000000000010", excerpt: [])
        #expect(ReproducerProof.shows(crash, .init(status: nil, reports: [again], output: [])) != nil)
        let other = KernelReport(kind: .oops, headline: "BUG: unable to handle page fault for address: ffffc90000123000", excerpt: [])
        #expect(ReproducerProof.shows(crash, .init(status: nil, reports: [other], output: [])) == nil)
        #expect(ReproducerProof.normalized("KASAN: slab-use-after-free in vfio_df_close+0x1d/0x80 [vfio]")
                == ReproducerProof.normalized("KASAN: slab-use-after-free in vfio_df_close+0x2f/0x80 [vfio]"))
        #expect(ReproducerProof.normalized("Oops: general protection fault, probably for non-canonical address 0x8a00790000000001: 0000 [#1] SMP")
                == ReproducerProof.normalized("Oops: general protection fault, probably for non-canonical address 0x6b6b6b6b6b6b6b6b: 0000 [#1] SMP"))
        // Mutant 11's WARNING, in the harness's cell and in the reproducer.
        #expect(ReproducerProof.normalized("WARNING: CPU: 0 PID: 54 at drivers/vfio/group.c:961 vfio_group_cleanup+0x47/0x50 [vfio]")
                == ReproducerProof.normalized("WARNING: CPU: 1 PID: 38 at drivers/vfio/group.c:961 vfio_group_cleanup+0x43/0x50 [vfio]"))
        #expect(ReproducerProof.normalized("WARNING: CPU: 0 PID: 54 at drivers/vfio/group.c:961 vfio_group_cleanup+0x47/0x50 [vfio]")
                != ReproducerProof.normalized("WARNING: CPU: 0 PID: 54 at drivers/vfio/container.c:474 vfio_group_detach_container+0x17c/0x1a0 [vfio]"))
    }

    /// Mutant 19 on the debug build: KASAN in the cell, KFENCE in one CI run's reproducer.
    @Test func aUseAfterFreeCaughtByAnotherDetectorIsTheSameFault() {
        #expect(ReproducerProof.memoryFault("BUG: KASAN: slab-use-after-free in vfio_device_fops_release+0xa2/0xb0 [vfio]")
                == ReproducerProof.memoryFault("BUG: KFENCE: use-after-free read in vfio_device_fops_release+0x6d/0xb0 [vfio]"))
        #expect(ReproducerProof.memoryFault("BUG: KASAN: slab-use-after-free in vfio_device_fops_release+0xa2/0xb0 [vfio]")
                != ReproducerProof.memoryFault("BUG: KFENCE: use-after-free read in vfio_df_group_close+0x6d/0xb0 [vfio]"))
        #expect(ReproducerProof.memoryFault("BUG: kernel NULL pointer dereference, address: 0000000000000010") == nil)
    }

    @Test func aHangMustNotEndUnlessItsReproducerTimedTheCall() {
        #expect(ReproducerProof.shows(cell(.hang), .init(status: "hung", reports: [], output: [])) != nil)
        #expect(ReproducerProof.shows(cell(.hang), .init(status: "0", reports: [], output: [])) == nil)
        // A hang the cell's release ended: its reproducer timed the call that hung.
        let timed = "REPRODUCED: call 40 (write '0000:00:03.0' to /sys/bus/pci/drivers/vfio-pci/unbind) was in the kernel 5.1 s"
        #expect(ReproducerProof.shows(cell(.hang), .init(status: "1", reports: [], output: [timed])) == timed)
        #expect(ReproducerProof.shows(cell(.hang), .init(status: "1", reports: [], output: ["call 40 answered otherwise"])) == nil)
    }
}
