import Results

/// Any name: the lab checks it against the variant files.
extension VariantName: ListItem {
    static var noun: String { "variant" }

    public init?(argument: String) { self.init(argument) }
}
