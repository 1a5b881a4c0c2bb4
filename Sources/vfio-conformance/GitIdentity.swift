import Host
import Reports

/// The committer git would sign a patch as, the default Tested-by: of a
/// reply: the person replying is usually the one whose tree this is.
enum GitIdentity {
    /// Nil when git is missing, either setting is unset, or the two do not
    /// make a `Name <addr@host>`: a reply then says how to add a trailer
    /// rather than carry a wrong one.
    static func testedBy() -> TestedBy? {
        guard let name = setting("user.name"), let email = setting("user.email") else { return nil }
        return TestedBy("\(name) <\(email)>")
    }

    private static func setting(_ key: String) -> String? {
        guard let result = try? Subprocess.run(["git", "config", key], timeout: 10), result.status == 0 else { return nil }
        // A value is one line; git prints nothing else on success.
        return result.output.split(separator: "\n").first.map(String.init)
    }
}
