import ArgumentParser
import FoundationEssentials
import Results

/// A reproducer as files: repro.c and run.sh in a directory of their own.
enum ReproducerFiles {
    /// A directory that is not there or is empty, or the option's error.
    static func check(_ directory: String, option: String) throws {
        let files = FileManager.default
        guard files.fileExists(atPath: directory) else { return }
        guard let entries = try? files.contentsOfDirectory(atPath: directory) else {
            throw ValidationError("\(option) \(directory): exists and is not a directory; name a directory")
        }
        if !entries.isEmpty { throw ValidationError("\(option) \(directory): exists and is not empty; name another directory") }
    }

    static func write(_ reproducer: Reproducer, to directory: String) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(reproducer.program.utf8).write(to: URL(fileURLWithPath: directory + "/repro.c"))
        try Data(reproducer.prelude.utf8).write(to: URL(fileURLWithPath: directory + "/run.sh"))
        try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory + "/run.sh")
    }

    /// How to build and run what `write` wrote.
    static func usage(_ reproducer: Reproducer, in directory: String) -> String {
        "build: cc -static -O2 -I\"$TREE/usr/include\" -o \(directory)/repro \(directory)/repro.c; run: cd \(directory) && ./run.sh "
            + (device(in: reproducer.program) ?? "DEVICE")
    }

    /// The address the program was written for (its DEVICE default).
    static func device(in program: String) -> String? {
        program.split(separator: "\n").first { $0.hasPrefix("#define DEVICE \"") }.map { String($0.dropFirst("#define DEVICE \"".count).dropLast()) }
    }
}
