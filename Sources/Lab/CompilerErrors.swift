/// The first compiler errors of a failed kernel build, the lines the kernel
/// test robot quotes (`file:line:col: error: ...`); none when the build
/// failed for another reason (a missing tool, a full disk), which is the
/// harness's problem and not the series'.
enum CompilerErrors {
    static let limit = 5

    /// Paths as the tree names them: the compiler, run in the build tree,
    /// prints them through `tree` (`../../source/linux-6.12/drivers/...`).
    static func first(in log: String, tree: String) -> [String] {
        let name = (tree.split(separator: "/").last.map(String.init) ?? tree) + "/"
        var seen: Set<String> = []
        let errors = log.split(separator: "\n").map(String.init).filter(isError).map { line in
            guard let path = line.split(separator: ":", maxSplits: 1).first, let range = path.firstRange(of: name) else { return line }
            return String(line[range.upperBound...])
        }
        // make -j prints an object's errors again when it retries serially.
        return Array(errors.filter { seen.insert($0).inserted }.prefix(limit))
    }

    /// `drivers/vfio/vfio_main.c:42:5: error: ...` (or `fatal error:`), and
    /// the linker's `undefined reference`.
    private static func isError(_ line: String) -> Bool {
        let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        if parts.count == 4, !parts[0].isEmpty, !parts[0].contains(" "), Int(parts[1]) != nil,
           parts[3].hasPrefix(" error: ") || parts[3].hasPrefix(" fatal error: ") {
            return true
        }
        return line.contains("undefined reference to ")
    }
}
