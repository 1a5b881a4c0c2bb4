import Host

/// /sys/module/<name>: what libkmod does not expose, read directly. Names are
/// normalised the way the kernel stores them ('-' becomes '_').
struct SysModuleDirectory {
    let path: String

    init(module: String) {
        path = "/sys/module/" + String(module.map { $0 == "-" ? "_" : $0 })
    }

    /// Readable parameters only, whitespace trimmed at both ends; write-only
    /// ones (mode 0200) are skipped.
    func parameters() -> [String: String] {
        let directory = path + "/parameters"
        var values: [String: String] = [:]
        for name in SysFile.list(directory) {
            if let value = try? SysFile.read(directory + "/" + name) { values[name] = String(value.drop { $0.isWhitespace }) }
        }
        return values
    }
}
