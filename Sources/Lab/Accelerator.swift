/// KVM when it really boots these kernels, TCG otherwise. Nested KVM on the
/// machines this runs on fails (emulation error or hang) even though
/// /dev/kvm exists, so a short bare boot decides, and the answer is kept.
public enum Accelerator: String, Sendable {
    case kvm, tcg

    static func choose(kernel: String, image: String, paths: LabPaths, progress: Progress) -> Accelerator {
        if let remembered = try? LabFile.read(paths.accelerator), let value = Accelerator(rawValue: String(remembered.prefix(3))) {
            return value
        }
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
