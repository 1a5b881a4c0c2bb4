/// Numbers with a fixed count of decimals (FoundationEssentials has no
/// `String(format:)`). Durations are the only numbers reports print.
enum FixedPoint {
    static func format(_ value: Double, decimals: Int) -> String {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        // A non-finite duration is a harness bug; printing it as 0 keeps
        // JUnit's time attribute a number that CI parsers accept.
        let magnitude = value.isFinite ? min((abs(value) * Double(scale)).rounded(), 1e15) : 0
        let units = Int(magnitude)
        let sign = value < 0 && units != 0 ? "-" : ""
        let whole = String(units / scale)
        guard decimals > 0 else { return sign + whole }
        let fraction = String(units % scale)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
