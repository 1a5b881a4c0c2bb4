import Host
import Results

/// Decodes the frames of a cell's kernel reports to file:line on the host,
/// with the tree's own scripts/decode_stacktrace.sh over the build's vmlinux
/// and unstripped modules. A build without debug info, or a script that
/// fails, leaves the frames as printed and says why in the report: decoding
/// is evidence, never a reason for the run to fail.
struct StackDecoder: Sendable {
    var artifacts: KernelArtifacts
    /// Why nothing can be decoded with these artifacts, known before any crash.
    var unavailable: String?

    static let script = "scripts/decode_stacktrace.sh"
    /// The script runs addr2line per frame; a trace takes seconds.
    static let timeout: Double = 120

    init(artifacts: KernelArtifacts) {
        self.artifacts = artifacts
        if !artifacts.debugInfo {
            unavailable = "variant \(artifacts.variant) was built without debug info (CONFIG_DEBUG_INFO is off;"
                + " it is on in the debug variant, mutant runs and with --debug-info)"
        } else if !LabFile.exists(artifacts.vmlinux) {
            unavailable = "the build's vmlinux was not kept with its artifacts (\(artifacts.directory))"
        } else if let tree = artifacts.source, !LabFile.exists(tree + "/" + Self.script) {
            unavailable = "the tree has no \(Self.script) (\(tree))"
        } else if artifacts.source == nil {
            unavailable = "the kernel's source tree is not known"
        }
    }

    /// The cell with its reports' frames decoded, or marked with why not:
    /// one run of the script for all of a cell's reports (an oops and the
    /// hung tasks it leaves behind share most frames).
    func decode(_ cell: Cell) -> Cell {
        // Not on the way out of an interrupted run: the cell is recorded as it is.
        guard !Subprocess.isTerminating else { return cell }
        let reports = cell.evidence.kernelReports
        let frames = reports.filter { $0.decoded == nil }.flatMap(Self.frames)
        guard !frames.isEmpty else { return cell }
        var unique: [String] = []
        for frame in frames where !unique.contains(frame) { unique.append(frame) }
        let (decoded, failure, warning) = run(unique)
        var cell = cell
        cell.evidence.kernelReports = reports.map { report in
            let mine = Self.frames(report)
            guard report.decoded == nil, !mine.isEmpty else { return report }
            var report = report
            guard let decoded else {
                report.undecoded = failure
                return report
            }
            report.decoded = decoded.filter { mine.contains($0.frame) }
            let placed = Set(report.decoded!.map(\.frame)).count, all = Set(mine).count
            if let failure {
                report.undecoded = failure
            } else if placed < all {
                report.undecoded = "\(all - placed) of \(all) frames not placed by \(Self.script)" + (warning.map { ": " + $0 } ?? "")
            }
            return report
        }
        return cell
    }

    /// The RIP and call trace frames, without the "? " of unsure ones.
    static func frames(_ report: KernelReport) -> [String] {
        (report.rip.map { [$0] } ?? []) + report.callTrace.map { $0.hasPrefix("? ") ? String($0.dropFirst(2)) : $0 }
    }

    /// The frames' locations (nil when the script could not be run at all),
    /// why the run failed, and the script's first warning (a module's .ko
    /// not found) for frames it left out.
    private func run(_ frames: [String]) -> (decoded: [FrameLocation]?, failure: String?, warning: String?) {
        if let unavailable { return (nil, unavailable, nil) }
        let tree = artifacts.source!
        let arguments = ["bash", tree + "/" + Self.script, artifacts.vmlinux, tree, artifacts.debugModules]
        // One frame a line in, one line out for each: " name (file:line) module" when placed.
        let result: ProcessResult
        do {
            result = try Subprocess.run(arguments, input: frames.map { " " + $0 }.joined(separator: "\n") + "\n", timeout: Self.timeout)
        } catch {
            return (nil, "\(Self.script) did not run: \(error)", nil)
        }
        let (decoded, problems) = Self.parse(result.output, frames: frames, tree: tree)
        if result.timedOut || result.status != 0 {
            return (decoded, "\(Self.script) " + (result.timedOut ? "timed out after \(Int(Self.timeout)) s" : "failed with status \(result.status)")
                + (problems.first.map { ": " + $0 } ?? ""), nil)
        }
        return (decoded, nil, problems.first)
    }

    /// The script's output, stdout and stderr merged: its WARNING!/ERROR!
    /// lines are problems, the others answer the frames in order.
    static func parse(_ output: String, frames: [String], tree: String) -> (decoded: [FrameLocation], problems: [String]) {
        var problems: [String] = []
        var answers: [Substring] = []
        for line in output.split(separator: "\n") {
            if line.hasPrefix("WARNING! ") || line.hasPrefix("ERROR! ") {
                problems.append(String(line))
            } else {
                answers.append(line)
            }
        }
        var decoded: [FrameLocation] = []
        for (frame, answer) in zip(frames, answers) {
            guard let location = location(in: answer, tree: tree), !decoded.contains(where: { $0.frame == frame }) else { continue }
            decoded.append(FrameLocation(frame: frame, location: location))
        }
        return (decoded, Array(Set(problems)).sorted())
    }

    /// "vfs_write (fs/read_write.c:681) " -> "fs/read_write.c:681"; a frame
    /// in inlined code lists its sites innermost first (addr2line -i),
    /// "a.c:12 b.c:40", and reads "a.c:12 < b.c:40". Nil when the script
    /// left the frame as it was.
    static func location(in answer: Substring, tree: String) -> String? {
        guard let open = answer.firstIndex(of: "("), let close = answer.lastIndex(of: ")"), open < close else { return nil }
        let sites = answer[answer.index(after: open)..<close].split(separator: " ").filter { $0.contains(":") && !$0.hasPrefix("(") }
        let places = sites.map { relative(String($0), to: tree) }
        guard !places.isEmpty, !places.contains("??:0"), !places.contains("??:?") else { return nil }
        return places.joined(separator: " < ")
    }

    /// A file name as addr2line gave it ("/cache/build/k/../../source/t/drivers/x.c:12"
    /// when ccache rewrote paths relative to its base) resolved lexically
    /// and made relative to the tree: "drivers/x.c:12".
    static func relative(_ site: String, to tree: String) -> String {
        var parts: [Substring] = []
        for part in site.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        let path = (site.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
        let root = tree.hasSuffix("/") ? String(tree.dropLast()) : tree
        if path.hasPrefix(root + "/") { return String(path.dropFirst(root.count + 1)) }
        // A relative name that climbed out of the build tree: cut at the source tree's own directory.
        if let name = root.split(separator: "/").last, let range = path.firstRange(of: "/\(name)/") ?? (path.hasPrefix("\(name)/") ? path.firstRange(of: "\(name)/") : nil) {
            return String(path[range.upperBound...])
        }
        return path
    }
}
