import Host

/// Runs a host tool and turns a failure into a LabError with its output.
enum Command {
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
                    timeout: Double? = nil, log: String? = nil, duringShutdown: Bool = false) throws(LabError) -> String {
        let result: ProcessResult
        do {
            result = try Subprocess.run(arguments, environment: environment, workingDirectory: directory,
                                        timeout: timeout, captureOutput: log == nil, outputFile: log,
                                        duringShutdown: duringShutdown)
        } catch {
            throw .tool("\(arguments.joined(separator: " ")): \(error)")
        }
        guard result.status == 0, !result.timedOut else {
            let tail = result.output.split(separator: "\n").suffix(20).joined(separator: "\n")
            throw .tool("`\(arguments.joined(separator: " "))` failed with status \(result.status)\(log.map { " (log: \($0))" } ?? "")\n\(tail)")
        }
        return result.output
    }
}
