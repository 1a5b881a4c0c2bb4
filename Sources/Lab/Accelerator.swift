/// KVM when it really boots these kernels, TCG otherwise. Nested KVM on the
/// machines this runs on fails (emulation error or hang) even though
/// /dev/kvm exists, so a short bare boot decides, and the answer is kept.
public enum Accelerator: String, Sendable {
    case kvm, tcg

    /// The accelerator an earlier run of this cache chose, if one did.
    static func remembered(_ paths: LabPaths) -> Accelerator? {
        (try? LabFile.read(paths.accelerator)).flatMap { Accelerator(rawValue: String($0.prefix(3))) }
    }

    static func choose(kernel: String, image: String, paths: LabPaths, progress: Progress) -> Accelerator {
        if let remembered = remembered(paths) { return remembered }
        var choice = Accelerator.tcg
        if LabFile.exists("/dev/kvm") {
            let boot = BareBoot(kernel: kernel, image: image, accelerator: .kvm, paths: paths)
            if let seconds = boot.run(timeout: 30) {
                choice = .kvm
                progress.note("accelerator: KVM (bare boot \(Progress.clock(seconds)))")
            } else {
                progress.note("accelerator: TCG (a KVM guest did not reach userspace; nested KVM is unusable here)")
            }
        }
        try? LabFile.write(choice.rawValue + "\n", to: paths.accelerator)
        return choice
    }
}
