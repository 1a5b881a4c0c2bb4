/// Why a results file could not be used; each names the file.
public enum ResultsError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case newerSchema(file: String, found: Int)
    case badLine(file: String, line: Int, reason: String)
    case badSchema(file: String, found: Int)
    case duplicateCell(file: String, key: String)
    case noCells(file: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            "\(file): not a vfio-conformance results document (\(reason))"
        case let .newerSchema(file, found):
            "\(file): results schema \(found) is newer than this tool's \(ResultsSchema.version); update vfio-conformance"
        case let .badLine(file, line, reason):
            "\(file):\(line): not a cell (\(reason))"
        case let .badSchema(file, found):
            "\(file): results schema \(found) is not a version this tool ever wrote (1 to \(ResultsSchema.version))"
        case let .duplicateCell(file, key):
            "\(file): two cells for \(key); merge shards with `vfio-conformance merge` instead of joining files"
        case let .noCells(file):
            "\(file): no cell could be read (not a cell journal?)"
        }
    }
}
