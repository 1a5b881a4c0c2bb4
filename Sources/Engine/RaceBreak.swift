/// Why a race could not go on: the set-up of a round failed.
struct RaceBreak: Error {
    let what: String
    init(_ what: String) { self.what = what }
}
