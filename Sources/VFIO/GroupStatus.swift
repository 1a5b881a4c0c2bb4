import CSupport

/// The flags VFIO_GROUP_GET_STATUS reports.
public struct GroupStatus: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Every device in the group is bound to a VFIO driver (or to none).
    public static let viable = GroupStatus(rawValue: CS_VFIO_GROUP_FLAGS_VIABLE)
    public static let containerSet = GroupStatus(rawValue: CS_VFIO_GROUP_FLAGS_CONTAINER_SET)
}
