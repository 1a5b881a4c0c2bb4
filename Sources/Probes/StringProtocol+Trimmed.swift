// FoundationEssentials has no trimmingCharacters(in:).
extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing whitespace.
    var trimmed: Substring { self[...].drop(while: \.isWhitespace).trimmedTrailing }

    /// The text without trailing whitespace; leading indentation (a call
    /// trace's) stays.
    var trimmedTrailing: Substring {
        guard let last = lastIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        return self[...last]
    }
}
