import Results

/// The QEMU invocation for one guest boot.
struct QEMU {
    /// isa-debug-exit's I/O port: a write there ends QEMU without the guest kernel's help.
    static let debugExitPort = 0xf4

    var kernel: String
    var initramfs: String
    var topology: Topology
    var accelerator: Accelerator
    var console: String
    var cells: String
    var boot: GuestBoot

    var arguments: [String] {
        // no_timer_check: under TCG on a loaded host the boot's IO-APIC timer
        // check can fail and panic ("timer doesn't work through
        // Interrupt-remapped IO-APIC"); a VM's timer needs no such check.
        // thread=multi: TCG runs each vCPU on a host thread of its own
        // (MTTCG), so two guest threads really run at once.
        // rcu_expedited: every cell loads and unloads modules, and each
        // unload waits for RCU grace periods; expedited ones cut a module
        // cycle on the checker kernel from 2.3 s to 0.8 s under TCG.
        ["qemu-system-x86_64",
         "-machine", topology.machine,
         "-accel", accelerator == .kvm ? "kvm" : "tcg,thread=multi",
         "-cpu", accelerator == .kvm ? "host" : "max",
         "-m", "1024", "-smp", String(boot.cpus),
         "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
         "-kernel", kernel, "-initrd", initramfs,
         "-append", "console=ttyS0 panic=-1 no_timer_check rcupdate.rcu_expedited=1 \(topology.commandLine) \(boot.words)",
         "-serial", "file:\(console)", "-serial", "file:\(cells)",
         "-device", "isa-debug-exit,iobase=\(Self.debugExitPort),iosize=1"] + topology.devices
    }
}
