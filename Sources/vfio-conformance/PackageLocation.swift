import ArgumentParser
import FoundationEssentials
import Host
import Results

/// Finds the vfio-conformance checkout this binary was built from (it lives
/// in .build*/ under it), for the fragments and the expectation table. In a
/// guest there is none; the image carries its own copy of the table.
enum PackageLocation {
    static func package() -> String? {
        var directory = Subprocess.executablePath()
        while let slash = directory.lastIndex(of: "/"), slash != directory.startIndex {
            directory = String(directory[..<slash])
            if FileManager.default.fileExists(atPath: directory + "/Package.swift"),
               FileManager.default.fileExists(atPath: directory + "/Fixtures/variants/base.config") {
                return directory
            }
        }
        return nil
    }

    static func required() throws -> String {
        guard let package = package() else {
            throw ValidationError("cannot find the vfio-conformance checkout this binary was built from (it needs Fixtures/); run it with `swift run` from the checkout")
        }
        return package
    }

    static func expectations() throws -> String {
        if let package = package() { return package + "/Fixtures/expectations/vfio.expect" }
        if FileManager.default.fileExists(atPath: GuestProtocol.expectations) { return GuestProtocol.expectations }
        throw ValidationError("cannot find the expectation table next to this binary; pass --expectations FILE")
    }
}
