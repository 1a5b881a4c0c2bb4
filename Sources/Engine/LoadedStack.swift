/// A module stack a cell loaded, with the machine as the load left it: the
/// state a later cell starting from the same stack must find before it may
/// start from this one instead of a fresh load.
struct LoadedStack: Sendable {
    let vfioParameters: String
    /// The cell whose fixture loaded it, named in the evidence of the cells
    /// that start from it.
    let loadedBy: String
    let state: SystemSnapshot
}
