/// Patches applied on top of the source in order: a directory of *.patch /
/// *.diff files, one patch file, or an mbox of several. Applying is all or
/// nothing: a patch that does not apply reverts the ones before it.
public struct PatchSeries: Sendable {
    public struct Patch: Sendable {
        public var name: String
        public var text: String
    }

    public var patches: [Patch]

    public init(patches: [Patch]) { self.patches = patches }

    public static func load(_ path: String?) throws(LabError) -> PatchSeries {
        guard let path else { return PatchSeries(patches: []) }
        if LabFile.isDirectory(path) {
            let files = LabFile.list(path).filter { $0.hasSuffix(".patch") || $0.hasSuffix(".diff") || $0.hasSuffix(".mbox") }
            guard !files.isEmpty else { throw .badPatches("--patches \(path): no *.patch, *.diff or *.mbox files in the directory") }
            var patches: [Patch] = []
            for file in files { patches += split(try LabFile.read(path + "/" + file), name: file) }
            return PatchSeries(patches: patches)
        }
        guard LabFile.exists(path) else { throw .badPatches("--patches \(path): no such file or directory") }
        return PatchSeries(patches: split(try LabFile.read(path), name: path.split(separator: "/").last.map(String.init) ?? path))
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

    public func key(into key: inout ContentKey) {
        for patch in patches { key.add(patch.text) }
    }

    /// Applies every patch to `tree`, checking each with --dry-run first.
    /// Each applied patch is kept in `journal` until it is reverted, so a run
    /// that is killed in between leaves a record `recover` undoes.
    public func apply(to tree: String, journal: String) throws(LabError) {
        try LabFile.makeDirectory(journal)
        for (index, patch) in patches.enumerated() {
            do {
                try Self.patch(tree, patch, reverse: false, dryRun: true)
                try LabFile.write(patch.text, to: journal + "/\(1000 + index).patch")
                try Self.patch(tree, patch, reverse: false, dryRun: false)
            } catch {
                LabFile.remove(journal + "/\(1000 + index).patch")
                _ = try? Self.recover(tree: tree, journal: journal)
                if case let .tool(output) = error { throw .patch(file: patch.name, output: output) }
                throw error
            }
        }
    }

    /// Reverts, newest first, whatever the journal says is still applied.
    /// Returns how many patches that was.
    @discardableResult
    public static func recover(tree: String, journal: String) throws(LabError) -> Int {
        let files = LabFile.list(journal).filter { $0.hasSuffix(".patch") }
        for file in files.reversed() {
            try patch(tree, Patch(name: file, text: try LabFile.read(journal + "/" + file)), reverse: true, dryRun: false)
            LabFile.remove(journal + "/" + file)
        }
        return files.count
    }

    private static func patch(_ tree: String, _ patch: Patch, reverse: Bool, dryRun: Bool) throws(LabError) {
        let file = "/tmp/vfio-conformance-\(ContentKey.of(patch.text)).patch"
        try LabFile.write(patch.text, to: file)
        // --batch would take an unapplied patch given with --reverse for a
        // reversed one and apply it; --force makes such a revert fail instead.
        var arguments = ["patch", "-p1", "--quiet", "-d", tree, "-i", file]
        arguments += reverse ? ["--reverse", "--force"] : ["--forward", "--batch"]
        if dryRun { arguments.append("--dry-run") }
        // Reverting is what an interrupted run must still do on its way out.
        try Command.run(arguments, duringShutdown: reverse)
    }
}
