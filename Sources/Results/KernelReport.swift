/// One report the kernel printed: its class, the line that announced it and
/// the lines after it, as many as make the report readable in a review.
public struct KernelReport: Codable, Sendable, Equatable {
    public var kind: KernelReportKind
    public var headline: String
    public var excerpt: [String]
    /// Where frames of `rip` and `callTrace` are in the source, as the
    /// tree's scripts/decode_stacktrace.sh found them in the build's
    /// vmlinux and unstripped modules; frames it could not place are absent.
    public var decoded: [FrameLocation]?
    /// Why the frames carry no file:line ("the kernel was built without
    /// debug info"), when they were not decoded.
    public var undecoded: String?

    public init(kind: KernelReportKind, headline: String, excerpt: [String],
                decoded: [FrameLocation]? = nil, undecoded: String? = nil) {
        self.kind = kind
        self.headline = headline
        self.excerpt = excerpt
        self.decoded = decoded
        self.undecoded = undecoded
    }

    /// Whether the report fails its cell. A KCSAN data race counts only with
    /// a frame in VFIO or iommufd (a function of one of their modules, or
    /// named vfio_* or iommufd_* where they are built in): the checker
    /// kernel reports races all over the kernel, and those elsewhere are
    /// another subsystem's to fix, so they are kept as notes.
    public var isFinding: Bool {
        guard kind == .kcsan else { return true }
        return ([headline] + excerpt).contains { line in
            Self.vfioModules.contains { line.contains("[\($0)]") }
                || line.split(whereSeparator: { " /".contains($0) }).contains { $0.hasPrefix("vfio_") || $0.hasPrefix("iommufd_") }
        }
    }

    private static let vfioModules = ["vfio", "vfio_pci", "vfio_pci_core", "vfio_iommu_type1", "iommufd"]

    /// The faulting instruction as the kernel named it, "__vfio_register_dev+0x68/0x1e0 [vfio]",
    /// from the first kernel-mode "RIP: 0010:..." line (a user-mode "RIP: 0033:0x47b7a0"
    /// names no function). Nil for reports without registers (hung tasks, most panics).
    public var rip: String? {
        for line in excerpt {
            guard let range = line.firstRange(of: "RIP: ") else { continue }
            var rest = line[range.upperBound...]
            // The code segment: "0010:".
            if let colon = rest.firstIndex(of: ":"), rest[..<colon].allSatisfy(\.isHexDigit) {
                rest = rest[rest.index(after: colon)...]
            }
            if let frame = Self.frame(rest) { return frame }
        }
        return nil
    }

    /// "RIP: __vfio_register_dev+0x68 [vfio]": the function, the offset into it and the module.
    public var ripLine: String? {
        rip.map { "RIP: " + Self.short($0) }
    }

    /// The frames under the first "Call Trace:", as printed ("vfs_write+0xb7/0x370",
    /// "? handle_mm_fault+0xa9/0x170" for a frame the unwinder is unsure of),
    /// up to the end of that task's stack; the user-mode registers printed
    /// inside it and the <IRQ>/<TASK> markers are left out.
    public var callTrace: [String] {
        guard let start = excerpt.firstIndex(where: { $0.hasSuffix("Call Trace:") }) else { return [] }
        var frames: [String] = []
        for line in excerpt[(start + 1)...] {
            let text = line.drop { $0 == " " }
            if text.hasPrefix("</TASK>") || text.hasPrefix("---[ end ") || text.hasPrefix("Modules linked in:") { break }
            if let frame = Self.frame(text.hasPrefix("? ") ? text.dropFirst(2) : text) {
                frames.append(text.hasPrefix("? ") ? "? " + frame : frame)
            }
        }
        return frames
    }

    /// Where `frame` (as in `rip` or `callTrace`, a leading "? " ignored) is in the source.
    public func location(of frame: String) -> String? {
        let bare = frame.hasPrefix("? ") ? String(frame.dropFirst(2)) : frame
        return decoded?.first { $0.frame == bare }?.location
    }

    /// The report as a kernel developer reads it: the headline, the RIP,
    /// then the call trace, each frame with its file:line when decoded, and
    /// one line saying why not when the frames were not decoded.
    public var summaryLines: [String] {
        summary.map { line in line.location.map { line.text + " " + $0 } ?? line.text }
    }

    /// `summaryLines` with each frame's location apart from its text, for
    /// renderers that lay them out on their own (a frame's location on a
    /// line of its own when both do not fit).
    public var summary: [(text: String, location: String?)] {
        var lines: [(text: String, location: String?)] = [(headline, nil)]
        if let rip, let ripLine { lines.append((ripLine, location(of: rip))) }
        let trace = callTrace
        if !trace.isEmpty {
            lines.append(("Call Trace:", nil))
            lines += trace.map { frame in (" " + frame, location(of: frame)) }
        }
        if rip != nil || !trace.isEmpty, decoded == nil || undecoded != nil {
            lines.append(("frames not decoded: " + (undecoded ?? "no build was recorded to decode them with"), nil))
        }
        return lines
    }

    /// "name+0x68/0x1e0" or "name+0x68/0x1e0 [module]" at the start of a
    /// line, as the kernel's %pS prints it; nil for anything else.
    static func frame(_ text: Substring) -> String? {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let symbol = words.first, let plus = symbol.lastIndex(of: "+"), plus != symbol.startIndex else { return nil }
        let offsets = symbol[symbol.index(after: plus)...].split(separator: "/", omittingEmptySubsequences: false)
        guard offsets.count == 2, offsets.allSatisfy({ $0.hasPrefix("0x") && $0.count > 2 && $0.dropFirst(2).allSatisfy(\.isHexDigit) }) else {
            return nil
        }
        if words.count >= 2, words[1].hasPrefix("["), words[1].hasSuffix("]") {
            return "\(symbol) \(words[1])"
        }
        return words.count == 1 ? String(symbol) : nil
    }

    /// "__vfio_register_dev+0x68/0x1e0 [vfio]" -> "__vfio_register_dev+0x68 [vfio]".
    static func short(_ frame: String) -> String {
        guard let slash = frame.firstIndex(of: "/") else { return frame }
        let rest = frame[slash...].drop { $0 != " " }
        return String(frame[..<slash]) + rest
    }
}

/// A frame of a kernel report and where its address is in the source:
/// "drivers/vfio/vfio_main.c:352", or a chain of inlined calls innermost first.
public struct FrameLocation: Codable, Sendable, Equatable {
    /// As printed in the report, without a leading "? ": "vfs_write+0xb7/0x370 [mod]".
    public var frame: String
    public var location: String

    public init(frame: String, location: String) {
        self.frame = frame
        self.location = location
    }
}
