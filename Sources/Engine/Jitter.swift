import Glibc
import Host

/// The pauses of one worker in one round, from a generator seeded with the
/// race's seed, the round and the worker: the same whatever the threads did.
/// A spin lasts a seeded fraction of `scale`, the time the workers' kernel
/// calls took in the rounds before: pauses on the scale of the calls move
/// one thread's call across the other's, where a fixed pause far longer
/// than the calls would only keep them apart.
struct Jitter: Sendable {
    private var generator: SplitMix64
    let scale: Double

    init(seed: UInt64, round: Int, worker: Int, scale: Double = 0) {
        self.scale = scale
        var mix = SplitMix64(seed: seed)
        let base = mix.next()
        generator = SplitMix64(seed: base ^ (UInt64(truncatingIfNeeded: round) &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(truncatingIfNeeded: worker) &* 0xC2B2_AE3D_27D4_EB4F))
    }

    /// Never a sleep: a vCPU that halts takes longer to wake under TCG than
    /// the windows the pauses are there to move the threads across.
    enum Pause: Equatable, Sendable {
        case none
        case yield(Int)
        /// Busy for this fraction of the scale.
        case spin(Double)

        func perform(scale: Double) {
            switch self {
            case .none: break
            case let .yield(times): for _ in 0..<times { sched_yield() }
            case let .spin(fraction):
                let clock = Stopwatch(), until = fraction * scale
                while clock.seconds < until {}
            }
        }
    }

    mutating func next() -> Pause {
        let word = generator.next()
        let amount = Int((word >> 8) % 1000)
        switch word % 4 {
        case 0: return .none
        case 1: return .yield(1 + amount % 3)
        case 2: return .spin(Double(amount) / 4000)
        default: return .spin(Double(amount) / 1000)
        }
    }

    mutating func bit() -> Bool { generator.next() & 1 == 1 }
}
