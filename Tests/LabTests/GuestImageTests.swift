import Results
import Testing
@testable import Lab

/// The guest's init hands the kernel command line to the harness and reads
/// none of the host's words itself; QEMU puts them on the command line.
@Suite struct GuestImageTests {
    @Test func initStartsTheHarnessAndParsesNothing() {
        let script = GuestImage.initScript
        #expect(script.contains(GuestProtocol.harness.joined(separator: " ") + " &"))
        #expect(!script.contains("vfioc."), "init reads a word of the host's: GuestBoot owns them")
    }

    @Test func qemuAppendsTheBootWordsAndGivesTheirCPUs() {
        let boot = GuestBoot(.bare, cpus: 2)
        let qemu = QEMU(kernel: "bzImage", initramfs: "initramfs.cpio", topology: .noiommu, accelerator: .tcg,
                        console: "console.log", cells: "cells.jsonl", boot: boot)
        let arguments = qemu.arguments
        let append = arguments[arguments.firstIndex(of: "-append")! + 1]
        #expect(append.hasSuffix(" " + boot.words))
        #expect(arguments[arguments.firstIndex(of: "-smp")! + 1] == "2")
    }
}
