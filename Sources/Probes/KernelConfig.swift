
/// The build configuration of a kernel, as its .config text states it.
/// Keys keep the `CONFIG_` prefix; lookups accept either spelling.
public struct KernelConfig: Sendable, Equatable {
    /// Option name to value: "y", "m", "n" (for "# CONFIG_X is not set"),
    /// a number as written, or a string without its quotes.
    public private(set) var options: [String: String] = [:]

    public init(text: String) {
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmed
            if line.hasPrefix("#") {
                if let name = Self.unsetName(in: line) { options[name] = "n" }
            } else if let equals = line.firstIndex(of: "=") {
                let name = line[..<equals].trimmed
                guard name.hasPrefix("CONFIG_") else { continue }
                options[String(name)] = Self.unquoted(line[line.index(after: equals)...].trimmed)
            }
        }
    }

    /// Reads /proc/config.gz, or else /boot/config-<release>.
    public static func load(procRoot: String = "/proc", bootRoot: String = "/boot",
                            release: String) throws(ProbeError) -> KernelConfig {
        let proc = procRoot + "/config.gz"
        let boot = bootRoot + "/config-" + release
        do throws(ProbeError) {
            return KernelConfig(text: try TextFile.gunzip(proc))
        } catch .unreadable(_, .noSuchFileOrDirectory) {
            // Expected without CONFIG_IKCONFIG_PROC: fall back to /boot.
        }
        do throws(ProbeError) {
            return KernelConfig(text: try TextFile.read(boot))
        } catch .unreadable(_, .noSuchFileOrDirectory) {
            throw .noConfig(tried: [proc, boot])
        }
    }

    public func value(_ option: String) -> String? {
        options[option.hasPrefix("CONFIG_") ? option : "CONFIG_" + option]
    }

    /// Built in or built as a module.
    public func isEnabled(_ option: String) -> Bool {
        let setting = value(option)
        return setting == "y" || setting == "m"
    }

    private static func unsetName(in comment: Substring) -> String? {
        let words = comment.dropFirst().split(separator: " ")
        guard words.count == 4, words[0].hasPrefix("CONFIG_"),
              words[1] == "is", words[2] == "not", words[3] == "set" else { return nil }
        return String(words[0])
    }

    /// Kconfig writes strings in double quotes with \" and \\ escaped.
    private static func unquoted(_ value: Substring) -> String {
        guard value.count >= 2, value.first == "\"", value.last == "\"" else { return String(value) }
        var result = ""
        var escaped = false
        for character in value.dropFirst().dropLast() {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            result.append(character)
            escaped = false
        }
        return result
    }
}
