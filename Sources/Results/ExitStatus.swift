/// The exit codes beyond 0, 1 and 2, as kselftest spells them.
public enum ExitStatus {
    /// kselftest's KSFT_SKIP: the run tested nothing.
    public static let nothingTested: Int32 = 4
}
