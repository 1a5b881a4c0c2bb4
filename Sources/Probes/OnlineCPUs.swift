/// The CPUs a kernel has online, from /sys/devices/system/cpu/online
/// ("0-1", "0,2-3"): what a guest checks it really got before it runs
/// scenarios that need two CPUs to race.
public enum OnlineCPUs {
    public static let path = "/sys/devices/system/cpu/online"

    /// nil for text that is not a CPU list.
    public static func count(in text: String) -> Int? {
        var total = 0
        for range in text.trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = range.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            switch ends.count {
            case 1 where ends[0] != nil: total += 1
            case 2: guard let low = ends[0], let high = ends[1], low <= high else { return nil }; total += high - low + 1
            default: return nil
            }
        }
        return total > 0 ? total : nil
    }
}
