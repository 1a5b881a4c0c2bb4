/// Which state of a patch series a cell ran on: index 0 is the base tree,
/// N the tree with the series' first N patches applied.
public struct PatchStep: Codable, Sendable, Hashable, Comparable {
    public var index: Int
    /// The patch's Subject without its "[PATCH v2 3/10]" prefix; the base
    /// tree's is `PatchStep.baseSubject`.
    public var subject: String

    public static let baseSubject = "(base tree)"
    public static let base = PatchStep(index: 0, subject: baseSubject)

    public init(index: Int, subject: String) {
        self.index = index
        self.subject = subject
    }

    /// "base" or "patch 2/3: vfio: fix the thing" when the series has `count` patches.
    public func label(of count: Int) -> String {
        index == 0 ? "base" : "patch \(index)/\(count): \(subject)"
    }

    public static func < (a: PatchStep, b: PatchStep) -> Bool { a.index < b.index }
}
