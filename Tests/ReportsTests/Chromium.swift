import Foundation

/// Where the headless browser for the HTML tests is, if it is installed.
enum Chromium {
    static let path: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .map { "\($0)/chromium" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
}
