#!/bin/sh
# Prelude for repro.c: the machine as the cell found it. As root, in a disposable VM.
set -u
DEVICE=${1:-0000:00:01.0}
[ -e /sys/bus/pci/devices/$DEVICE ] || { echo "no PCI device $DEVICE: give its address (and build repro.c with -DDEVICE='\"...\"')"; exit 2; }
[ -e /sys/bus/pci/devices/$DEVICE/driver ] && echo "$DEVICE" > /sys/bus/pci/devices/$DEVICE/driver/unbind
modprobe -r vfio-pci vfio_iommu_type1 iommufd vfio 2>/dev/null
cd "$(dirname "$0")" && exec ./repro
