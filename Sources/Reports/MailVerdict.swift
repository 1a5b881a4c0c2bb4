import Results

/// How a reply ends. Reviewers read a Tested-by: trailer as "this works
/// for me", so a run earns one only when kselftest would exit 0 on it: at
/// least one cell passed and none failed, crashed, hung or errored. A run
/// that all skipped tested nothing, and vouches for nothing either.
enum MailVerdict: Equatable {
    case tested
    /// The cells that went wrong, in the order the mail lists them.
    case problems([Cell])
    /// No cell passed, and none went wrong: the mail lists why above.
    case nothingTested

    init(_ document: ResultsDocument) {
        if document.exitStatus == 0 {
            self = .tested
        } else {
            let problems = Matrix(document).problems
            self = problems.isEmpty ? .nothingTested : .problems(problems)
        }
    }
}
