import ArgumentParser
import Lab

extension KernelChoice: ListItem {
    static var noun: String { "kernel" }

    public init?(argument: String) { try? self.init(parsing: argument) }

    static func item(_ text: String, option: String) throws -> KernelChoice {
        do { return try KernelChoice(parsing: text) } catch { throw ValidationError("\(error)") }
    }
}
