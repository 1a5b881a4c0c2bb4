import Host
import Probes
import Results

/// A reproducer run again where it counts: built statically against the
/// uapi headers of the cell's tree, in a guest of the kernel the cell
/// failed on (it must show the same finding: exit 1, the same kernel
/// report's headline, or a hang) and in one of the same variant without
/// the mutant or patch, or of the variant a divergence is measured against
/// (it must pass: exit 0, no report). What it did is the reproducer's
/// proof; one that does not reproduce says so.
struct ReproducerProof {
    var paths: LabPaths
    var accelerator: Accelerator
    var binary: GuestBinary
    var progress: Progress
    /// How long a reproducer may run before it counts as hung.
    static let seconds = 60

    /// How one boot with the reproducer ended.
    struct Run: Sendable, Equatable {
        /// Its exit status, "hung", or nil when the guest never said.
        var status: String?
        var reports: [KernelReport]
        var output: [String]

        /// The reproducer's own "REPRODUCED: ..." line, if it printed one.
        var reproduced: String? { output.last { $0.hasPrefix("REPRODUCED") } }
    }

    /// Proves `cell`'s reproducer on `failing` and `fixed` (nil: no kernel
    /// without the change in this run); the proof's words.
    func prove(_ cell: Cell, on failing: KernelArtifacts, against fixed: KernelArtifacts?, vcpus: Int) -> String {
        guard let reproducer = cell.evidence.reproducer else { return "no reproducer" }
        let directory = paths.guests + "/repro/" + cell.key.fileName
        do {
            let program = try build(reproducer, tree: failing.source, release: failing.kernel, in: directory)
            let there = try boot(program, on: failing, topology: cell.topology, vcpus: vcpus, name: "repro-failing", in: directory)
            guard let shown = Self.shows(cell, there) else {
                return "DOES NOT REPRODUCE on \(failing.place): " + Self.describe(there)
            }
            guard let fixed else { return "shown: \(shown) on \(failing.place); no kernel without the change in this run to pass on" }
            let fixedRun = try boot(program, on: fixed, topology: cell.topology, vcpus: vcpus, name: "repro-fixed", in: directory)
            guard fixedRun.status == "0", fixedRun.reports.isEmpty else {
                return "reproduces on \(failing.place) (\(shown)), but ALSO FAILS without the change: " + Self.describe(fixedRun)
            }
            return "proven: \(shown) on \(failing.place); passes on \(fixed.place)"
        } catch {
            return "NOT PROVEN: \(error)"
        }
    }

    /// repro.c and run.sh in `directory`, and the static binary built from them.
    private func build(_ reproducer: Reproducer, tree: String?, release: String, in directory: String) throws(LabError) -> [String: String] {
        guard let tree else { throw .tool("the cell's kernel tree is not known: no uapi headers to build the reproducer with") }
        let headers = try self.headers(tree: tree, release: release)
        LabFile.remove(directory)
        try LabFile.makeDirectory(directory)
        try LabFile.write(reproducer.program, to: directory + "/repro.c")
        try LabFile.write(reproducer.prelude, to: directory + "/run.sh")
        do {
            try Command.run(["cc", "-static", "-O2", "-I", headers, "-o", directory + "/repro", directory + "/repro.c", "-lpthread"])
        } catch {
            throw .tool("the reproducer does not compile against \(tree)'s uapi headers: \(error)")
        }
        return [GuestProtocol.reproducerDirectory + "/repro": directory + "/repro", GuestProtocol.reproducerDirectory + "/run.sh": directory + "/run.sh"]
    }

    /// The tree's uapi headers (`make headers_install` into the cache, once a tree).
    private func headers(tree: String, release: String) throws(LabError) -> String {
        let directory = paths.cache + "/uapi/" + release
        if !LabFile.exists(directory + "/done") {
            LabFile.remove(directory)
            progress.note("reproducers: installing \(release)'s uapi headers")
            try Command.run(["make", "-s", "-C", tree, "O=" + directory, "headers_install", "INSTALL_HDR_PATH=" + directory + "/usr"])
            try LabFile.write("", to: directory + "/done")
        }
        return directory + "/usr/include"
    }

    /// One boot; its console log stays beside the reproducer, for whoever asks why it did not reproduce.
    private func boot(_ files: [String: String], on artifacts: KernelArtifacts, topology: Topology, vcpus: Int, name: String,
                      in directory: String) throws(LabError) -> Run {
        let image = try GuestImage.build(for: artifacts, binary: binary, paths: paths, name: name, extra: files)
        let console = directory + "/\(name).console.log"
        LabFile.remove(console)
        let qemu = QEMU(kernel: artifacts.bzImage, initramfs: image.path, topology: topology, accelerator: accelerator,
                        console: console, cells: "/dev/null", boot: GuestBoot(.reproduce(seconds: Self.seconds), cpus: vcpus))
        _ = try? Subprocess.run(qemu.arguments, timeout: Double(Self.seconds) + 90)
        let lines = GuestSession.consoleLines((try? LabFile.read(console)) ?? "")
        let status = lines.last { $0.contains(GuestProtocol.reproducedMarker) }
            .flatMap { $0.components(after: GuestProtocol.reproducedMarker) }
        let output = lines.compactMap { $0.components(after: "repro: ") }
        return Run(status: status, reports: KernelLogClassifier.findings(in: lines).findings, output: output)
    }

    /// What the run showed of the cell's finding, nil when it did not show it.
    static func shows(_ cell: Cell, _ run: Run) -> String? {
        switch cell.outcome {
        case .crash:
            let wanted = cell.evidence.kernelReports.map { normalized($0.headline) }
            if let same = run.reports.first(where: { wanted.contains(normalized($0.headline)) }) { return "the same report, \(same.headline)" }
            let faults = cell.evidence.kernelReports.compactMap { memoryFault($0.headline) }
            return run.reports.first { report in memoryFault(report.headline).map(faults.contains) == true }
                .map { "the same fault, another detector: \($0.headline)" }
        case .hang:
            // A hang the cell's release ended: its reproducer times the call and says so.
            if run.status == "1", let said = run.reproduced { return said }
            return run.status == "hung" || run.status == nil ? "the same hang (no exit in \(seconds) s)" : nil
        default:
            return run.status == "1" ? (run.reproduced ?? "exit 1") : nil
        }
    }

    /// What a KASAN or KFENCE report says was wrong and where ("use-after-free
    /// in vfio_device_fops_release"): the debug build has both, and which one
    /// catches a freed object first depends on where the allocator put it.
    static func memoryFault(_ headline: String) -> String? {
        guard headline.hasPrefix("BUG: KASAN: ") || headline.hasPrefix("BUG: KFENCE: ") else { return nil }
        let words = headline.split(separator: " ")
        guard let kind = words.first(where: { $0.hasSuffix("use-after-free") || $0.hasSuffix("out-of-bounds") }),
              let at = words.firstIndex(of: "in"), at + 1 < words.count else { return nil }
        let fault = kind.hasSuffix("use-after-free") ? "use-after-free" : "out-of-bounds"
        return fault + " in " + words[at + 1].prefix { $0 != "+" }
    }

    static func describe(_ run: Run) -> String {
        let status = run.status.map { "exit \($0)" } ?? "the guest never said how it ended"
        let report = run.reports.first.map { "; kernel report: \($0.headline)" } ?? ""
        let last = run.output.last.map { "; it said: \($0)" } ?? ""
        return status + report + last
    }

    /// A headline without what moves between builds and boots: offsets,
    /// addresses (also one a colon or comma ends, as a GPF's "address
    /// 0x...:"), and the CPU and PID a WARNING names (the reproducer is not
    /// the harness's process).
    static func normalized(_ headline: String) -> String {
        let tokens = headline.split(separator: " ")
        return tokens.indices.map { index -> String in
            let word = String(tokens[index].prefix { $0 != "+" })
            if index > 0, ["CPU:", "PID:"].contains(tokens[index - 1]), word.allSatisfy(\.isNumber) { return "N" }
            let bare = word.last == ":" || word.last == "," ? String(word.dropLast()) : word
            let digits = bare.drop { $0 == "0" || $0 == "x" }
            return bare.count >= 8 && digits.allSatisfy(\.isHexDigit) ? "ADDRESS" + word.dropFirst(bare.count) : word
        }.joined(separator: " ")
    }
}

private extension String {
    /// The text after `marker` when the line holds it.
    func components(after marker: String) -> String? {
        guard let range = firstRange(of: marker) else { return nil }
        return String(self[range.upperBound...])
    }
}
