import ArgumentParser
import Engine
import Results

/// What the engine is told by a user on the running kernel and by a lab
/// guest's init alike.
struct EngineArguments: ParsableArguments {
    @Option(help: "Name of this kernel variant in the results (default: uname -r).")
    var variant: VariantName?

    @Option(help: "The topology the results and expectation rows name: noiommu or viommu (default: from whether the device has an IOMMU group).")
    var topology: Topology?

    @Option(help: ArgumentHelp("The expectation table (default: Fixtures/expectations/vfio.expect of this package, or the guest's copy).", valueName: "file"))
    var expectations: String?

    @Option(help: ArgumentHelp("Stream each cell as one JSON line to this file or device as it finishes.", valueName: "path"))
    var stream: String?

    @Option(help: ArgumentHelp("The iommufd command number of the noiommu PA query, as the kernel's include/uapi/linux/iommufd.h numbers IOMMUFD_CMD_IOAS_NOIOMMU_GET_PA (IOMMUFD_CMD_IOAS_GET_PA in early versions of the series), or `none`. A lab run reads it from the tree; the default is the merged series' 0x95 (149). A kernel without the ioctl answers ENOTTY, which the scenarios record.", valueName: "n"),
    )
    var getPACommand = "0x95"

    static func command(_ text: String) throws -> UInt8? {
        if text == "none" { return nil }
        let value = text.hasPrefix("0x") ? UInt8(text.dropFirst(2), radix: 16) : UInt8(text)
        guard let value, value >= 0x80 else {
            throw ValidationError("--get-pa-command \(text): want an iommufd command number from 0x80 to 0xff (e.g. 0x95) or none")
        }
        return value
    }

    /// The options given, by name, for refusing them with --vm.
    var given: [String] {
        let named: [(String, Bool)] = [
            ("--variant", variant != nil), ("--topology", topology != nil), ("--expectations", expectations != nil),
            ("--stream", stream != nil), ("--get-pa-command", getPACommand != "0x95"),
        ]
        return named.filter(\.1).map(\.0)
    }

    func options() throws -> EngineOptions {
        var options = EngineOptions(expectations: try expectations ?? PackageLocation.expectations())
        options.getPACommand = try Self.command(getPACommand)
        options.variant = variant
        options.topology = topology
        return options
    }
}
