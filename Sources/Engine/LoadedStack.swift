import Results

/// A module stack a cell loaded, with the machine as the load left it: the
/// state a later cell starting from the same stack must find before it may
/// start from this one instead of a fresh load.
struct LoadedStack: Sendable {
    let vfioParameters: String
    /// The cell whose fixture loaded it, named in the evidence of the cells
    /// that start from it.
    let loadedBy: String
    let state: SystemSnapshot
    /// The calls the cells that ran on it made, the load and their restores
    /// included: a later cell's reproducer makes them first, since what they
    /// left that the check above cannot see (a reference a bound device
    /// hides, a device number not given back) is part of where it started.
    var history: [KernelCallRecord] = []
}
