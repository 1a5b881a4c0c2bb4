import Results

/// A defect-injection patch from Fixtures/mutants: a header saying what it
/// breaks and where it can be caught, then the diff.
public struct Mutant: Sendable {
    public var name: String
    public var path: String
    public var defect: String
    public var expectedKillers: [String]
    /// Variants where it must be caught.
    public var variants: [VariantName]
    /// Variants where it must survive (`Survives:`): a defect only the
    /// checker tier can see proves the tier's worth by passing the plain
    /// kernel in the same kill table.
    public var survivors: [VariantName] = []
    public var topologies: [Topology]
    /// How long its run's races race (`Race-seconds:`), for a defect whose
    /// window a race hits once in some hundred rounds. Its catching cells
    /// run first and a race ends at its first broken round, so the longer
    /// race costs time only where the mutant survives.
    public var raceSeconds: Double?

    /// Every variant the mutant runs on.
    public var allVariants: [VariantName] { variants + survivors.filter { !variants.contains($0) } }

    public static func loadAll(from directory: String) throws(LabError) -> [Mutant] {
        let files = LabFile.list(directory).filter { $0.hasSuffix(".patch") }
        guard !files.isEmpty else { throw .badPatches("no mutant patches (*.patch) in \(directory)") }
        var mutants: [Mutant] = []
        for file in files { mutants.append(try parse(try LabFile.read(directory + "/" + file), path: directory + "/" + file)) }
        return mutants
    }

    /// The mutants whose names start with one of `prefixes`: none is an
    /// error, never a check that proves nothing.
    public static func select(_ mutants: [Mutant], prefixes: [String]) throws(LabError) -> [Mutant] {
        let selected = mutants.filter { mutant in prefixes.contains { mutant.name.hasPrefix($0) } }
        guard !selected.isEmpty else { throw .badPatches("--only \(prefixes.joined(separator: ",")): no mutant name starts with that") }
        return selected
    }

    static func parse(_ text: String, path: String) throws(LabError) -> Mutant {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "---" { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(after: colon)...].drop { $0 == " " })
        }
        func list(_ key: String) throws(LabError) -> [String] {
            guard let value = fields[key], !value.isEmpty else { throw .badPatches("\(path): the header has no `\(key):` line") }
            return value.split(separator: ",").map { String($0.drop { $0 == " " }) }
        }
        let topologies = try list("Topologies").map { name throws(LabError) -> Topology in
            guard let topology = Topology(rawValue: name) else { throw .badPatches("\(path): unknown topology `\(name)` in Topologies:") }
            return topology
        }
        let raceSeconds = try fields["Race-seconds"].map { (text: String) throws(LabError) -> Double in
            guard let seconds = Double(text), seconds > 0, seconds <= 600 else {
                throw .badPatches("\(path): `Race-seconds: \(text)`: want seconds above 0, at most 600")
            }
            return seconds
        }
        let name = String(path.split(separator: "/").last!.dropLast(".patch".count))
        return Mutant(name: name, path: path, defect: try list("Mutant").joined(separator: ","),
                      expectedKillers: try list("Caught-by"), variants: try list("Variants").map { VariantName($0) },
                      survivors: fields["Survives"] == nil ? [] : try list("Survives").map { VariantName($0) }, topologies: topologies,
                      raceSeconds: raceSeconds)
    }
}
