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
        for header in headers where LabFile.exists(tree + "/include/uapi/linux/\(header).h") {
            try export(header, tree: tree, buildTree: buildTree, into: exported)
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
            let errors = "\(error)".split(separator: "\n").filter { $0.contains("error:") }
            let detail = errors.prefix(5).joined(separator: "\n")
            // Only an assertion of layout-check.c is a drifted copy; an error in a header is the check's own failure.
            guard errors.contains(where: { $0.contains("layout-check.c:") }) else {
                throw .tool("the uapi check could not compile the headers of \(tree) (exported to \(exported)); the harness's copies were not compared:\n\(detail)")
            }
            throw .tool("Sources/CSupport/include/vfio_uapi.h no longer matches the uapi headers of \(tree); update the copies:\n\(detail)")
        }
    }

    /// Exports include/uapi/linux/NAME.h and, as the tree's own headers
    /// target would, every linux/ header it still includes after unifdef
    /// (7.3's vfio.h needs its stddef.h for `__counted_by`, which the host's
    /// older one lacks). Headers the tree has no uapi copy of come from the host.
    private static func export(_ name: String, tree: String, buildTree: String, into exported: String) throws(LabError) {
        let target = exported + "/linux/\(name).h"
        guard !LabFile.exists(target) else { return }
        let source = tree + "/include/uapi/linux/\(name).h"
        try Command.run(["sh", tree + "/scripts/headers_install.sh", source, target], in: buildTree)
        for included in includes(in: (try? LabFile.read(target)) ?? "")
        where LabFile.exists(tree + "/include/uapi/linux/\(included).h") {
            try export(included, tree: tree, buildTree: buildTree, into: exported)
        }
    }

    /// The NAME of every `#include <linux/NAME.h>` line.
    static func includes(in header: String) -> [String] {
        header.split(separator: "\n").compactMap { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "#include" || (words[0] == "#" && words[1] == "include") else { return nil }
            let path = words.last!
            guard path.hasPrefix("<linux/"), path.hasSuffix(".h>") else { return nil }
            let name = path.dropFirst("<linux/".count).dropLast(".h>".count)
            return name.contains("/") ? nil : String(name)
        }
    }
}
