/// Checks the harness's own copies of the VFIO and iommufd uapi structs
/// against the headers of the tree under test: Fixtures/uapi/layout-check.c,
/// compiled against the tree's vfio.h and iommufd.h as its own
/// headers_install.sh exports them, asserts every field's offset. A copy
/// that drifted from the tree would pass garbage to the kernel's ioctls.
enum UapiLayoutCheck {
    static let headers = ["vfio", "iommufd"]

    /// headers_install.sh runs the build tree's scripts/unifdef, which the
    /// kernel build itself does not make.
    static func run(tree: String, buildTree: String, package: String, into directory: String) throws(LabError) {
        if !LabFile.exists(buildTree + "/scripts/unifdef") {
            try Command.run(["make", "-s", "-C", tree, "O=\(buildTree)", "scripts_unifdef"])
        }
        let exported = directory + "/uapi"
        LabFile.remove(exported)
        try LabFile.makeDirectory(exported + "/linux")
        var defines: [String] = []
        for header in headers {
            let source = tree + "/include/uapi/linux/\(header).h"
            guard LabFile.exists(source) else { continue }
            try Command.run(["sh", tree + "/scripts/headers_install.sh", source, exported + "/linux/\(header).h"], in: buildTree)
            // -I finds the export before the system's own linux/ headers; an empty one would not.
            guard ((try? LabFile.read(exported + "/linux/\(header).h")) ?? "").contains("struct") else {
                throw .tool("\(tree): headers_install.sh exported no \(header).h")
            }
            if header == "iommufd" { defines.append("-DTREE_HAS_IOMMUFD") }
        }
        do {
            try Command.run(["cc", "-fsyntax-only", "-Wno-cpp"] + defines + [
                "-I", exported, "-I", package + "/Sources/CSupport/include", package + "/Fixtures/uapi/layout-check.c",
            ])
        } catch {
            let detail = "\(error)".split(separator: "\n").filter { $0.contains("error:") }.prefix(5).joined(separator: "\n")
            throw .tool("Sources/CSupport/include/vfio_uapi.h no longer matches the uapi headers of \(tree); update the copies:\n\(detail)")
        }
    }
}
