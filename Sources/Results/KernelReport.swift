/// One report the kernel printed: its class, the line that announced it and
/// the lines after it, as many as make the report readable in a review.
public struct KernelReport: Codable, Sendable, Equatable {
    public var kind: KernelReportKind
    public var headline: String
    public var excerpt: [String]

    public init(kind: KernelReportKind, headline: String, excerpt: [String]) {
        self.kind = kind
        self.headline = headline
        self.excerpt = excerpt
    }
}
