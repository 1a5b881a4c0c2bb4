import Glibc

/// /sys/module/<name>: what libkmod does not expose, read directly. Names are
/// normalised the way the kernel stores them ('-' becomes '_').
struct SysModuleDirectory {
    let path: String

    init(module: String) {
        path = "/sys/module/" + String(module.map { $0 == "-" ? "_" : $0 })
    }

    /// Readable parameters only; write-only ones (mode 0200) are skipped.
    func parameters() -> [String: String] {
        let directory = path + "/parameters"
        var values: [String: String] = [:]
        for name in SysModuleDirectory.entries(of: directory) {
            if let value = SysModuleDirectory.text(at: directory + "/" + name) { values[name] = value }
        }
        return values
    }

    private static func entries(of directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func text(at path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        let text = String(decoding: bytes, as: UTF8.self).drop { $0.isWhitespace }
        return String(text.reversed().drop { $0.isWhitespace }.reversed())
    }
}
