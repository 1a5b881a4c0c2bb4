import Synchronization

/// The value made from the last key asked, made again only for a key that
/// differs: a race's rounds mostly leave what the round before left, and
/// judging the same state again every round is work on the hottest path.
final class LastValue<Key: Equatable & Sendable, Value: Sendable>: Sendable {
    private let last = Mutex<(key: Key, value: Value)?>(nil)

    func value(for key: Key, _ make: (Key) -> Value) -> Value {
        if let last = last.withLock({ $0 }), last.key == key { return last.value }
        let value = make(key)
        last.withLock { $0 = (key, value) }
        return value
    }
}
