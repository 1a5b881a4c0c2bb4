import Host
import Results

/// Patches applied on top of the source in order: a directory of *.patch /
/// *.diff files, one patch file, or an mbox of several. Applying is all or
/// nothing: a patch that does not apply reverts the ones before it.
public struct PatchSeries: Sendable {
    public struct Patch: Sendable {
        public var name: String
        public var text: String

        /// The mail's Subject, unfolded, without its "[PATCH v4 3/10]"
        /// prefixes; a bare diff has none and goes by its file name.
        public var subject: String {
            var header: [Substring] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.isEmpty || line.hasPrefix("diff ") || line.hasPrefix("--- ") { break }
                if line.first == " " || line.first == "\t", !header.isEmpty {
                    header[header.count - 1] += " " + line.drop { $0 == " " || $0 == "\t" }
                } else {
                    header.append(line)
                }
            }
            guard var subject = header.first(where: { $0.hasPrefix("Subject:") })?.dropFirst("Subject:".count) else { return name }
            subject = subject.drop { $0 == " " }
            while subject.hasPrefix("["), let end = subject.firstIndex(of: "]") {
                subject = subject[subject.index(after: end)...].drop { $0 == " " }
            }
            return subject.isEmpty ? name : String(subject)
        }
    }

    public var patches: [Patch]

    public init(patches: [Patch]) { self.patches = patches }

    public static func load(_ path: String?) throws(LabError) -> PatchSeries {
        guard let path else { return PatchSeries(patches: []) }
        if LabFile.isDirectory(path) {
            let files = LabFile.list(path).filter { $0.hasSuffix(".patch") || $0.hasSuffix(".diff") || $0.hasSuffix(".mbox") }
            guard !files.isEmpty else { throw .badPatches("--patches \(path): no *.patch, *.diff or *.mbox files in the directory") }
            var patches: [Patch] = []
            for file in files { patches += try diffs(in: path + "/" + file, name: file) }
            return PatchSeries(patches: patches)
        }
        guard LabFile.exists(path) else { throw .badPatches("--patches \(path): no such file or directory") }
        return PatchSeries(patches: try diffs(in: path, name: path.split(separator: "/").last.map(String.init) ?? path))
    }

    /// The file's patches; a file with no diff in it is refused, not
    /// applied as a no-op step.
    private static func diffs(in path: String, name: String) throws(LabError) -> [Patch] {
        let text = try LabFile.read(path)
        guard text.hasPrefix("+++ ") || text.contains("\n+++ ") else {
            throw .badPatches("--patches \(path): no diff in it (no `+++ ` line): give a patch, an mbox of patches or a directory of them")
        }
        return split(text, name: name)
    }

    /// An mbox holds one message per "From <hash> <date>" line; each becomes a patch.
    static func split(_ text: String, name: String) -> [Patch] {
        var messages: [[Substring]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("From ") && line.split(separator: " ").count >= 3 || messages.isEmpty {
                messages.append([])
            }
            messages[messages.count - 1].append(line)
        }
        let patches = messages.map { $0.joined(separator: "\n") }.filter { $0.contains("\n+++ ") || $0.hasPrefix("+++ ") }
        if patches.count <= 1 { return [Patch(name: name, text: text)] }
        return patches.enumerated().map { Patch(name: "\(name)#\($0.offset + 1)", text: $0.element) }
    }

    public var names: [String] { patches.map(\.name) }

    /// The series' first `count` patches: the tree at step `count`.
    public func prefix(_ count: Int) -> PatchSeries { PatchSeries(patches: Array(patches.prefix(count))) }

    /// Step `index` of the series: the base tree, or the tree with patches 1...index.
    public func step(_ index: Int) -> PatchStep {
        index == 0 ? .base : PatchStep(index: index, subject: patches[index - 1].subject)
    }

    /// The trees a run tests: every step with --each-patch, else the whole series.
    public func steps(eachPatch: Bool) -> [PatchStep] {
        eachPatch ? (0...patches.count).map(step) : [step(patches.count)]
    }

    public func key(into key: inout ContentKey) {
        for patch in patches { key.add(patch.text) }
    }

    /// Applies every patch to `tree`, checking each with --dry-run first.
    /// Each patch is recorded in `journal` before it is applied and removed
    /// once reverted, so a run killed in between leaves a record `recover`
    /// undoes. The patch text is read from the record itself: nothing is
    /// written outside the cache.
    public func apply(to tree: String, journal: String) throws(LabError) {
        try apply(patches.indices, to: tree, journal: journal)
    }

    /// Applies the patches at `indices` on top of those the journal already
    /// holds; one that does not apply reverts every patch the journal holds.
    public func apply(_ indices: Range<Int>, to tree: String, journal: String) throws(LabError) {
        try LabFile.makeDirectory(journal)
        for index in indices {
            let patch = patches[index]
            let record = journal + "/\(1000 + index).patch"
            do throws(LabError) {
                try LabFile.write(patch.text, to: record)
                guard try Self.patch(tree, record, reverse: false, dryRun: true) else {
                    throw LabError.patch(file: patch.name, output: "it does not apply to \(tree)")
                }
                _ = try Self.patch(tree, record, reverse: false, dryRun: false)
            } catch {
                LabFile.remove(record)
                _ = try? Self.recover(tree: tree, journal: journal)
                throw error
            }
        }
    }

    /// Reverts, newest first, whatever the journal says is applied, and
    /// returns what it did for the caller to say. A record whose patch is
    /// not in the tree at all (the run died between recording and
    /// applying) is dropped; one that is neither applied nor absent means
    /// the tree was changed by hand or half patched, and stops with the
    /// record's path and what to do.
    @discardableResult
    public static func recover(tree: String, journal: String) throws(LabError) -> [String] {
        var done: [String] = []
        for file in LabFile.list(journal).filter({ $0.hasSuffix(".patch") }).reversed() {
            let record = journal + "/" + file
            if try patch(tree, record, reverse: true, dryRun: true) {
                _ = try patch(tree, record, reverse: true, dryRun: false)
                done.append("reverted \(file)")
            } else if try patch(tree, record, reverse: false, dryRun: true) {
                done.append("dropped the record \(file): it was never applied")
            } else {
                throw .tool("\(tree) is neither patched nor clean for \(record) (an earlier run was interrupted, or the tree was edited since): restore the tree (git checkout, or delete it from the cache to unpack it again), then delete \(record)")
            }
            LabFile.remove(record)
        }
        return done
    }

    /// Whether the patch applies (with `dryRun`), or applies it. --batch
    /// would take an unapplied patch given with --reverse for a reversed one
    /// and apply it; --force makes such a revert fail instead. No backup
    /// or reject files are written into the tree.
    private static func patch(_ tree: String, _ file: String, reverse: Bool, dryRun: Bool) throws(LabError) -> Bool {
        var arguments = ["patch", "-p1", "--quiet", "--no-backup-if-mismatch", "-r", "-", "-d", tree, "-i", file]
        arguments += reverse ? ["--reverse", "--force"] : ["--forward", "--batch"]
        if dryRun { arguments.append("--dry-run") }
        let result: ProcessResult
        // Tree work is the clean-up an interrupted run must still finish.
        do { result = try Subprocess.run(arguments, duringShutdown: true) } catch { throw .tool("\(arguments.joined(separator: " ")): \(error)") }
        if result.status == 0 { return true }
        if dryRun { return false }
        throw .tool("`\(arguments.joined(separator: " "))` failed after its dry run passed:\n\(result.output)")
    }
}
