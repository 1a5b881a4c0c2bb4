/// One kernel of a baseline compared with one kernel of a new run, cell by
/// cell, the kernel otherwise ignored: 7.2.12 against 7.3.4 lists what
/// 7.3 changed, 6.12.117 against 6.12.118 what a stable update did.
public struct KernelPair: Sendable, Hashable, CustomStringConvertible {
    public var base: String
    public var new: String

    public init(base: String, new: String) {
        self.base = base
        self.new = new
    }

    public var description: String { "\(base):\(new)" }
}

/// Which kernel of a baseline each kernel of a new run is compared with.
public enum KernelPairing: Sendable, Equatable {
    /// A release with itself; a release the baseline lacks with the
    /// baseline's only release of the same line (6.12.117 for 6.12.118), so
    /// a baseline gates the stable updates of its kernel.
    case automatic
    /// These pairs only; cells of other kernels are left out.
    case explicit([KernelPair])

    /// The pairs for documents holding these kernels.
    public func pairs(base: Set<String>, new: Set<String>) -> [KernelPair] {
        if case .explicit(let pairs) = self { return pairs }
        return new.sorted().compactMap { release in
            if base.contains(release) { return KernelPair(base: release, new: release) }
            let sameLine = base.filter { !new.contains($0) && Self.line(of: $0) != nil && Self.line(of: $0) == Self.line(of: release) }
            return sameLine.count == 1 ? KernelPair(base: sameLine.first!, new: release) : nil
        }
    }

    /// "6.12" of "6.12.118" or "6.12.0-rc3": the first two numbers.
    static func line(of release: String) -> String? {
        let numbers = release.split(whereSeparator: { !$0.isNumber }).prefix(2)
        return numbers.count == 2 && release.first?.isNumber == true ? numbers.joined(separator: ".") : nil
    }
}
