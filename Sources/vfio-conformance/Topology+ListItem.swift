import Lab

extension Topology: ListItem {
    static var noun: String { "topology" }
}
