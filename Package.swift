// swift-tools-version: 6.0
import PackageDescription

// Layers point down only, each target declaring exactly what it imports:
//   vfio-conformance (CLI) -> Lab, Reports, Engine, Probes, Host, VFIO, Results,
//                             SystemPackage, ArgumentParser
//   Lab (host side)        -> Probes, Host, Results, SystemPackage
//   Reports                -> Results
//   Engine (guest side)    -> Probes, VFIO, Host, Kmod, Results, SystemPackage
//   Probes                 -> Host, Results, CSupport, SystemPackage
//   VFIO                   -> Host, CSupport, SystemPackage
//   Kmod                   -> Host, CKmod (libkmod), SystemPackage
//   Host                   -> CSupport, SystemPackage
// Host is the one syscall layer: the layers above hold every fd as
// SystemPackage's FileDescriptor and every failure as the kernel's Errno.
// Results is the one data model the layers above share; the guest side
// never imports Lab.
// No target imports full Foundation: the same binary runs inside minimal
// guests, where FoundationEssentials keeps it small.
let package = Package(
    name: "vfio-conformance",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vfio-conformance", targets: ["vfio-conformance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(name: "CKmod", pkgConfig: "libkmod",
                       providers: [.apt(["libkmod-dev"])]),
        .target(name: "CSupport", linkerSettings: [.linkedLibrary("z")]),
        .target(name: "Kmod", dependencies: [
            "Host", "Results", "CKmod", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "Results"),
        .target(name: "Host", dependencies: [
            "CSupport", "Results", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "VFIO", dependencies: [
            "Host", "Results", "CSupport", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "Probes", dependencies: [
            "Host", "Results", "CSupport", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "Engine", dependencies: [
            "Probes", "VFIO", "Host", "Kmod", "Results",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "Reports", dependencies: ["Results"]),
        .target(name: "Lab", dependencies: [
            "Probes", "Host", "Results", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .executableTarget(name: "vfio-conformance", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            "Engine", "Reports", "Lab", "Results", "Host",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .testTarget(name: "ResultsTests", dependencies: ["Results"]),
        .testTarget(name: "KmodTests", dependencies: ["Kmod"]),
        .testTarget(name: "HostTests", dependencies: ["Host", "Results", .product(name: "SystemPackage", package: "swift-system")]),
        .testTarget(name: "VFIOTests", dependencies: ["VFIO", .product(name: "SystemPackage", package: "swift-system")]),
        .testTarget(name: "ProbesTests", dependencies: ["Probes", "Results"]),
        .testTarget(name: "EngineTests", dependencies: [
            "Engine", "Lab", "Probes", "Host", "Kmod", "Results", "VFIO", .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Results"]),
        .testTarget(name: "LabTests", dependencies: ["Lab", "Probes", "Results"]),
        .testTarget(name: "CLITests", dependencies: ["vfio-conformance", "Engine", "Lab", "Results"]),
    ],
    swiftLanguageModes: [.v6]
)
