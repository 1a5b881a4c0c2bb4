/// Command numbers from a tree's include/uapi/linux/iommufd.h, read from its
/// `IOMMUFD_CMD_*` enum: ioctl numbers are facts of the tree under test, and
/// the noiommu PA query changed its name during review.
public enum IommufdHeader {
    public static let path = "include/uapi/linux/iommufd.h"

    /// The PA query under any of the names the series gave it, merged first.
    static let getPANames = ["IOMMUFD_CMD_IOAS_NOIOMMU_GET_PA", "IOMMUFD_CMD_IOAS_GET_PA"]

    /// Every `IOMMUFD_CMD_X` of the enum with its value: explicit values
    /// (hex or decimal, or another member's name) or one more than the last.
    static func commands(in header: String) -> [String: Int] {
        guard let start = header.firstRange(of: "IOMMUFD_CMD_BASE") else { return [:] }
        var values: [String: Int] = [:]
        var next = 0
        let body = withoutComments(header[start.lowerBound...].prefix { $0 != "}" })
        for raw in body.split(separator: ",") {
            let item = raw.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingSpaces
            guard item.hasPrefix("IOMMUFD_CMD_") else { continue }
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            var value = next
            if parts.count == 2 {
                let text = parts[1]
                if text.hasPrefix("0x"), let hex = Int(text.dropFirst(2), radix: 16) { value = hex }
                else if let decimal = Int(text) { value = decimal }
                else if let known = values[text] { value = known }
            }
            values[parts[0]] = value
            next = value + 1
        }
        return values
    }

    /// The text with its /* */ and // comments replaced by a space.
    private static func withoutComments(_ text: Substring) -> String {
        var out = ""
        var rest = text[...]
        while let open = rest.firstIndex(of: "/") {
            let next = rest.index(after: open)
            guard next < rest.endIndex, rest[next] == "*" || rest[next] == "/" else {
                out += rest[...open]
                rest = rest[next...]
                continue
            }
            out += rest[..<open] + " "
            if rest[next] == "*" {
                rest = rest[next...].firstRange(of: "*/").map { rest[$0.upperBound...] } ?? ""
            } else {
                rest = rest[next...].drop { !$0.isNewline }
            }
        }
        return out + rest
    }

    /// The noiommu PA query's command number in this header; nil when the
    /// tree has none (before the series).
    static func getPACommand(in header: String) -> UInt8? {
        let values = commands(in: header)
        return getPANames.lazy.compactMap { values[$0] }.first.flatMap(UInt8.init(exactly:))
    }
}
