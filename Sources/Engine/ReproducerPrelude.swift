/// The shell that puts a machine where a cell started before its
/// reproducer runs: the device on no driver, and either no VFIO module
/// loaded (the cell loads its own, and those loads are among its calls) or
/// the stack the cell before left it, loaded with the same vfio parameters.
struct ReproducerPrelude {
    /// The vfio parameters of the stack the cell found loaded; nil: it loaded its own.
    var stack: String?
    /// The device the cell used, the default of run.sh's argument.
    var device: String

    var script: String {
        var lines = [
            "#!/bin/sh",
            "# Prelude for repro.c: the machine as the cell found it. As root, in a disposable VM.",
            "set -u",
            "DEVICE=${1:-\(device)}",
            "[ -e /sys/bus/pci/devices/$DEVICE ] || { echo \"no PCI device $DEVICE: give its address (and build repro.c with -DDEVICE='\\\"...\\\"')\"; exit 2; }",
            "[ -e /sys/bus/pci/devices/$DEVICE/driver ] && echo \"$DEVICE\" > /sys/bus/pci/devices/$DEVICE/driver/unbind",
            "modprobe -r vfio-pci vfio_iommu_type1 iommufd vfio 2>/dev/null",
        ]
        if let stack {
            lines += [
                "# The cell started from the stack the cell before it loaded.",
                "modprobe vfio \(stack) && modprobe vfio-pci || exit 2",
                "modprobe vfio_iommu_type1 2>/dev/null; modprobe iommufd 2>/dev/null",
            ]
        }
        lines.append("cd \"$(dirname \"$0\")\" && exec ./repro")
        return lines.joined(separator: "\n") + "\n"
    }
}
