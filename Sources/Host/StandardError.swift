import SystemPackage

/// What the harness tells its user beside the report: progress, warnings,
/// the final error. Each text goes out whole, so lines from threads do not
/// interleave mid-line; a closed or full stderr must not stop the run.
public enum StandardError {
    public static func write(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(text.utf8)
    }
}
