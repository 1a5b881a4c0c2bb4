import Results

/// The initramfs a variant's guests boot: busybox, the guest binary and its
/// libraries, the variant's modules, the expectation table and an init that
/// runs the planned scenarios and powers off.
public struct GuestImage: Sendable {
    public var path: String

    static let busybox = "/bin/busybox"

    /// Builds the image in the guests directory under `name` (default: the variant's).
    /// `extra` maps a path in the image to the file copied there.
    public static func build(for artifacts: KernelArtifacts, binary: GuestBinary, paths: LabPaths,
                             name: String? = nil, extra: [String: String] = [:]) throws(LabError) -> GuestImage {
        guard LabFile.exists(busybox) else { throw .tool("\(busybox) is missing: run ci/install-deps.sh (installs busybox-static)") }
        let directory = paths.guests + "/\(name ?? artifacts.variant.rawValue)"
        let root = directory + "/root"
        LabFile.remove(root)
        for folder in ["bin", "boot", "lib/modules", "share/vfio-conformance", "proc", "sys", "dev", "tmp"] {
            try LabFile.makeDirectory(root + "/" + folder)
        }
        try Command.run(["cp", busybox, root + "/bin/busybox"])
        try linkApplets(in: root + "/bin")
        // Symbols are half the binary and nothing in a guest reads them.
        try Command.run(["strip", "--strip-unneeded", "-o", root + GuestProtocol.binary, binary.path])
        for library in binary.libraries {
            let folder = String(library[..<library.lastIndex(of: "/")!])
            try LabFile.makeDirectory(root + folder)
            try Command.run(["cp", "-L", library, root + library])
        }
        try Command.run(["cp", "-a", artifacts.modules + "/lib/modules/.", root + "/lib/modules/"])
        // Where the harness reads the config of a kernel that does not embed it (base.config says why).
        try Command.run(["cp", artifacts.config, root + "/boot/config-" + artifacts.release])
        try Command.run(["cp", paths.expectations, root + GuestProtocol.expectations])
        for (inside, file) in extra.sorted(by: { $0.key < $1.key }) {
            try LabFile.makeDirectory(root + String(inside[..<inside.lastIndex(of: "/")!]))
            try Command.run(["cp", "-p", file, root + inside])
        }
        try LabFile.write(initScript, to: root + "/init")
        try Command.run(["chmod", "755", root + "/init"])
        let image = directory + "/initramfs.cpio"
        try Command.run(["sh", "-c", "cd \"$0\" && find . | cpio --quiet -o -H newc > \"$1\"", root, image])
        return GuestImage(path: image)
    }

    /// The applets' links, made here: `busybox --install` in the guest cost
    /// each checker guest's boot about 0.7 s of its 20.
    static func linkApplets(in bin: String) throws(LabError) {
        for applet in try Command.run([busybox, "--list"]).split(separator: "\n") where applet != "busybox" {
            try LabFile.link(bin + "/" + applet, to: "busybox")
        }
    }

    static let harness = GuestProtocol.harness.joined(separator: " ")

    /// Mounts what the harness reads, starts it (it reads the host's words
    /// from the kernel command line itself: `GuestBoot`) with cells streamed
    /// to the second serial port, and powers off.
    static let initScript = """
        #!/bin/busybox sh
        mount -t proc proc /proc
        mount -t sysfs sysfs /sys
        mount -t devtmpfs devtmpfs /dev
        mount -t tmpfs tmpfs /tmp
        stty -F \(GuestProtocol.cellsPort) raw -echo
        echo "\(GuestProtocol.harnessMarker)"
        \(harness) &
        harness=$!
        # A thread stuck in a wedged kernel keeps the harness from ever
        # finishing its exit: its status file says it is done. An oops in
        # its main thread leaves the process a zombie leader whose other
        # threads live on: that is "killed".
        killed() { grep -q '^State:.*Z' /proc/$harness/status 2>/dev/null && [ "$(ls /proc/$harness/task | wc -l)" -gt 1 ]; }
        while kill -0 $harness 2>/dev/null && [ ! -s \(GuestProtocol.statusFile) ] && ! killed; do sleep 0.2; done
        if [ -s \(GuestProtocol.statusFile) ]; then status=$(cat \(GuestProtocol.statusFile))
        elif killed; then status=\(GuestProtocol.Status.killed.word)
        else wait $harness; status=$?; fi
        echo "\(GuestProtocol.doneMarker)$status"
        poweroff -f &
        sleep 2
        # A kernel a bug left wedged cannot shut down: leave through QEMU's debug-exit port.
        printf '\\001' | dd of=/dev/port bs=1 seek=\(QEMU.debugExitPort) count=1 2>/dev/null

        """
}
