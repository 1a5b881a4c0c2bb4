import CSupport
import SystemPackage

/// A VFIO device fd, from `Group.device(named:)` or a cdev
/// /dev/vfio/devices/vfioN.
public struct Device: Sendable {
    public let fd: FileDescriptor

    public init(fd: FileDescriptor) { self.fd = fd }

    /// Opens a device cdev. It stays unusable until `bind(to:)` succeeds.
    public static func open(_ path: FilePath) throws(Errno) -> Device {
        Device(fd: try .openNode(path))
    }

    public func info() throws(Errno) -> DeviceInfo {
        var info = cs_vfio_device_info()
        info.argsz = UInt32(MemoryLayout<cs_vfio_device_info>.size)
        _ = try fd.ioctl(VFIORequest.deviceGetInfo, &info)
        return DeviceInfo(flags: DeviceFlags(rawValue: info.flags), regions: info.num_regions, irqs: info.num_irqs)
    }

    public func reset() throws(Errno) {
        _ = try fd.ioctl(VFIORequest.deviceReset)
    }

    /// Registers `event` as the device request channel (vfio-pci's
    /// VFIO_PCI_REQ_IRQ_INDEX): the driver signals it when it wants the
    /// device back, as an unbind does before it waits for the last close.
    public func setRequestTrigger(_ event: EventFD) throws(Errno) {
        var set = cs_vfio_irq_set_eventfd()
        set.argsz = UInt32(MemoryLayout<cs_vfio_irq_set_eventfd>.size)
        set.flags = CS_VFIO_IRQ_SET_DATA_EVENTFD | CS_VFIO_IRQ_SET_ACTION_TRIGGER
        set.index = UInt32(CS_VFIO_PCI_REQ_IRQ_INDEX)
        set.count = 1
        set.eventfd = event.fd.rawValue
        _ = try fd.ioctl(VFIORequest.deviceSetIRQs, &set, fdAt: MemoryLayout<cs_vfio_irq_set_eventfd>.offset(of: \.eventfd))
    }

    /// Binds a cdev fd to `iommufd`; returns the device id iommufd assigned.
    public func bind(to iommufd: IOMMUFD) throws(Errno) -> UInt32 {
        var bind = cs_vfio_device_bind_iommufd()
        bind.argsz = UInt32(MemoryLayout<cs_vfio_device_bind_iommufd>.size)
        bind.iommufd = iommufd.fd.rawValue
        _ = try fd.ioctl(VFIORequest.deviceBindIOMMUFD, &bind, fdAt: MemoryLayout<cs_vfio_device_bind_iommufd>.offset(of: \.iommufd))
        return bind.out_devid
    }

    /// Attaches to an IOAS or HWPT. Returns the id the kernel wrote back:
    /// for an IOAS that may be a HWPT it created automatically.
    public func attach(pageTable id: UInt32) throws(Errno) -> UInt32 {
        var attach = cs_vfio_device_attach_iommufd_pt()
        attach.argsz = UInt32(MemoryLayout<cs_vfio_device_attach_iommufd_pt>.size)
        attach.pt_id = id
        _ = try fd.ioctl(VFIORequest.deviceAttachIOMMUFDPT, &attach)
        return attach.pt_id
    }

    public func detachPageTable() throws(Errno) {
        var detach = cs_vfio_device_detach_iommufd_pt()
        detach.argsz = UInt32(MemoryLayout<cs_vfio_device_detach_iommufd_pt>.size)
        _ = try fd.ioctl(VFIORequest.deviceDetachIOMMUFDPT, &detach)
    }

    /// Also unbinds from iommufd; closing may block while an unbind of the
    /// device from its driver waits for this fd.
    public func close() throws(Errno) {
        try fd.closeNode()
    }
}
