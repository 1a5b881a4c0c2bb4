import CSupport

/// An argument of VFIO_CHECK_EXTENSION / VFIO_SET_IOMMU.
///
/// A struct rather than an enum because a newer kernel may report values this
/// build does not know; they must survive into results as numbers.
public struct IOMMUType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt

    public init(rawValue: UInt) { self.rawValue = rawValue }

    public static let type1 = IOMMUType(rawValue: UInt(CS_VFIO_TYPE1_IOMMU))
    public static let spaprTCE = IOMMUType(rawValue: UInt(CS_VFIO_SPAPR_TCE_IOMMU))
    public static let type1v2 = IOMMUType(rawValue: UInt(CS_VFIO_TYPE1v2_IOMMU))
    /// An extension, not a backend: the IOMMU enforces DMA cache coherence.
    public static let dmaCacheCoherent = IOMMUType(rawValue: UInt(CS_VFIO_DMA_CC_IOMMU))
    /// An extension, not a backend: POWER EEH support.
    public static let eeh = IOMMUType(rawValue: UInt(CS_VFIO_EEH))
    public static let type1Nesting = IOMMUType(rawValue: UInt(CS_VFIO_TYPE1_NESTING_IOMMU))
    public static let spaprTCEv2 = IOMMUType(rawValue: UInt(CS_VFIO_SPAPR_TCE_v2_IOMMU))
    public static let noiommu = IOMMUType(rawValue: UInt(CS_VFIO_NOIOMMU_IOMMU))

    /// The uapi macro names without their VFIO_ prefix and _IOMMU suffix.
    public var description: String {
        switch self {
        case .type1: "TYPE1"
        case .spaprTCE: "SPAPR_TCE"
        case .type1v2: "TYPE1v2"
        case .dmaCacheCoherent: "DMA_CC"
        case .eeh: "EEH"
        case .type1Nesting: "TYPE1_NESTING"
        case .spaprTCEv2: "SPAPR_TCE_v2"
        case .noiommu: "NOIOMMU"
        default: "IOMMU type \(rawValue)"
        }
    }

    /// The uapi macro that names it (VFIO_TYPE1v2_IOMMU), nil for a value this build does not know.
    public var macro: String? {
        switch self {
        case .dmaCacheCoherent: "VFIO_DMA_CC_IOMMU"
        case .eeh: "VFIO_EEH"
        case .type1, .spaprTCE, .type1v2, .type1Nesting, .spaprTCEv2, .noiommu: "VFIO_\(description)_IOMMU"
        default: nil
        }
    }
}
