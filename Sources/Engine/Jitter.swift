import Glibc

/// The pauses of one worker in one round, from a generator seeded with the
/// race's seed, the round and the worker: the same whatever the threads did.
struct Jitter: Sendable {
    private var generator: SplitMix64

    init(seed: UInt64, round: Int, worker: Int) {
        var mix = SplitMix64(seed: seed)
        let base = mix.next()
        generator = SplitMix64(seed: base ^ (UInt64(truncatingIfNeeded: round) &* 0x9E37_79B9_7F4A_7C15)
            ^ (UInt64(truncatingIfNeeded: worker) &* 0xC2B2_AE3D_27D4_EB4F))
    }

    enum Pause: Equatable, Sendable {
        case none
        case yield(Int)
        case spin(Int)
        case sleep(microseconds: Int)

        func perform() {
            switch self {
            case .none: break
            case let .yield(times): for _ in 0..<times { sched_yield() }
            case let .spin(turns):
                var sink = 0
                for turn in 0..<turns { sink &+= turn }
                withExtendedLifetime(sink) {}
            case let .sleep(microseconds): usleep(useconds_t(microseconds))
            }
        }
    }

    mutating func next() -> Pause {
        let word = generator.next()
        let amount = Int((word >> 8) % 1000)
        switch word % 4 {
        case 0: return .none
        case 1: return .yield(1 + amount % 3)
        case 2: return .spin(amount * 20)
        default: return .sleep(microseconds: 1 + amount % 200)
        }
    }

    mutating func bit() -> Bool { generator.next() & 1 == 1 }
}
