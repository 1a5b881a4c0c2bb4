import Results

extension Topology: ListItem {
    static var noun: String { "topology" }
}
