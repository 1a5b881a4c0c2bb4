/// An argument of VFIO_CHECK_EXTENSION / VFIO_SET_IOMMU.
///
/// A struct rather than an enum because a newer kernel may report values this
/// build does not know; they must survive into results as numbers.
public struct IOMMUType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt

    public init(rawValue: UInt) { self.rawValue = rawValue }

    public static let type1 = IOMMUType(rawValue: 1)
    public static let spaprTCE = IOMMUType(rawValue: 2)
    public static let type1v2 = IOMMUType(rawValue: 3)
    /// An extension, not a backend: the IOMMU enforces DMA cache coherence.
    public static let dmaCacheCoherent = IOMMUType(rawValue: 4)
    /// An extension, not a backend: POWER EEH support.
    public static let eeh = IOMMUType(rawValue: 5)
    public static let type1Nesting = IOMMUType(rawValue: 6)
    public static let spaprTCEv2 = IOMMUType(rawValue: 7)
    public static let noiommu = IOMMUType(rawValue: 8)

    /// The uapi macro names without their VFIO_ prefix and _IOMMU suffix.
    public var description: String {
        switch rawValue {
        case 1: "TYPE1"
        case 2: "SPAPR_TCE"
        case 3: "TYPE1v2"
        case 4: "DMA_CC"
        case 5: "EEH"
        case 6: "TYPE1_NESTING"
        case 7: "SPAPR_TCE_v2"
        case 8: "NOIOMMU"
        default: "IOMMU type \(rawValue)"
        }
    }
}
