/// What a variant asks of VFIO, independent of any tree: one want for each
/// feature a variant file names (`Feature.options(_:defines:)` maps it onto
/// the symbols a tree defines).
public struct FeatureWants: Sendable, Equatable {
    /// y, n, or "if-available": taken where the tree has it.
    public enum Want: String, Sendable, CaseIterable { case yes = "y", no = "n", ifAvailable = "if-available" }

    public var group: Want
    public var container: ContainerFlavour
    public var noiommu: Want
    public var cdev: Want

    /// The features a variant file names, in the order it is told about them.
    public static let named: [Feature] = [.group, .container, .noiommu, .cdev]

    public init(group: Want, container: ContainerFlavour, noiommu: Want, cdev: Want) {
        self.group = group
        self.container = container
        self.noiommu = noiommu
        self.cdev = cdev
    }

    public enum Mapping {
        case options([(option: String, value: String)], notes: [String])
        case unavailable(String)
    }

    /// Every feature's options on a tree that `defines` these symbols
    /// (without CONFIG_), in the order of `Feature.allCases`; the first
    /// feature the tree cannot give makes the whole unavailable.
    public func options(defines: (String) -> Bool) -> Mapping {
        var options: [(option: String, value: String)] = []
        var notes: [String] = []
        for feature in Feature.allCases {
            switch feature.options(self, defines: defines) {
            case let .unavailable(reason): return .unavailable(reason)
            case let .options(more, moreNotes):
                options += more
                notes += moreNotes
            }
        }
        return .options(options, notes: notes)
    }
}
