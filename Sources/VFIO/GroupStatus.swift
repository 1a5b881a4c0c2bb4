/// The flags VFIO_GROUP_GET_STATUS reports.
public struct GroupStatus: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Every device in the group is bound to a VFIO driver (or to none).
    public static let viable = GroupStatus(rawValue: 1 << 0)
    public static let containerSet = GroupStatus(rawValue: 1 << 1)
}
