/// The honest states of a variant on a kernel.
public enum VariantState: String, Codable, Sendable {
    /// Configured as asked and booted.
    case runs
    /// The tree lacks a feature the variant is about (no iommufd before it
    /// existed, no way to turn groups off): nothing was built.
    case unavailable = "not-available"
    /// The tree has the options, but their dependencies removed one.
    case dropped
    /// It configured, and the compiler refused the tree (with the patches
    /// under test): a finding about the series, with its first errors.
    case buildFailed = "build-failed"
}
