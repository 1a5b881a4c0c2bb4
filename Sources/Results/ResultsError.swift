/// Why a results file could not be used; each names the file.
public enum ResultsError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case newerSchema(file: String, found: Int)
    case badLine(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            "\(file): not a vfio-conformance results document (\(reason))"
        case let .newerSchema(file, found):
            "\(file): results schema \(found) is newer than this tool's \(ResultsSchema.version); update vfio-conformance"
        case let .badLine(file, line, reason):
            "\(file):\(line): not a cell (\(reason))"
        }
    }
}
