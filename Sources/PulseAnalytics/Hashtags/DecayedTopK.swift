import Foundation

/// Space-Saving top-K over exponentially decayed weights: at most `capacity` keys are kept, so
/// memory stays flat however many distinct keys arrive. A value type owned by one caller (in
/// the server, the store actor); time is always passed in, never read from a clock.
///
/// Each key carries four channels of decayed sums, each with its own half-life (infinite means
/// no decay). Channel 0 is the ranking weight that Space-Saving counts: when a new key arrives
/// and the structure is full, the key with the smallest channel-0 weight is evicted, and the
/// newcomer inherits that weight as its `error` (the Space-Saving over-estimate); channels
/// 1–3 are inherited or reset according to `inheritedChannels`.
///
/// Decay uses forward decay: a weight `w` added at time `t` is stored as
/// `w · exp(λ(t − landmark))`, and read at `now` as `stored · exp(−λ(now − landmark))`. All keys
/// of a channel share the factor, so the channel-0 order never changes with time and the
/// min-heap stays valid: `add` is O(log K). The landmark moves forward (O(K), rarely) before
/// the stored values could overflow.
public struct DecayedTopK<Key: Hashable & Sendable & Codable>: Sendable, Codable {
    /// One key with its channels read at a given time.
    public struct Entry: Sendable {
        public var key: Key
        /// Decayed channel 0 (an upper bound of the key's true decayed weight).
        public var count: Double
        /// How much of `count` may come from evicted keys; `count - error` is a lower bound.
        public var error: Double
        /// All four decayed channels (channel 0 equals `count`).
        public var channels: SIMD4<Double>
        /// Storage index of the key; stable until the key is evicted.
        public var slot: Int
    }

    public let capacity: Int
    /// Per channel, in seconds (`.infinity`: no decay).
    public var halfLives: SIMD4<Double> { M_LN2 / rates }
    /// 1 for channels (1–3) that a newcomer inherits from the evicted key, 0 for reset.
    public let inheritedChannels: SIMD4<Double>
    let rates: SIMD4<Double>
    var landmark: Double?
    var keys: [Key] = []
    var slotOfKey: [Key: Int32] = [:]
    var values: [SIMD4<Double>] = []
    var errors: [Double] = []
    var heap: [Int32] = []
    var heapPosition: [Int32] = []
    /// `growth(at:)` of the last add (tags of one post share their time).
    var growthTime: Double?
    var growthFactors = SIMD4<Double>(repeating: 1)

    /// - Parameters:
    ///   - capacity: how many keys are kept (at least 1).
    ///   - halfLives: per channel, in seconds; `.infinity` for a plain sum.
    ///   - inheritedChannels: per channel 1 (inherit on eviction) or 0 (reset); channel 0 always inherits.
    public init(capacity: Int, halfLives: SIMD4<Double>, inheritedChannels: SIMD4<Double> = SIMD4(1, 1, 1, 1)) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
        var inherited = inheritedChannels
        inherited[0] = 1
        self.inheritedChannels = inherited
        var rates = SIMD4<Double>()
        for channel in 0..<4 {
            let halfLife = halfLives[channel]
            precondition(halfLife > 0, "half-lives must be positive")
            rates[channel] = halfLife.isInfinite ? 0 : M_LN2 / halfLife
        }
        self.rates = rates
    }

    /// Number of keys held (never more than `capacity`).
    public var count: Int { keys.count }

    /// A memory proxy: the largest element capacity reserved by any of the internal stores.
    public var reservedElements: Int {
        Swift.max(keys.capacity, values.capacity, errors.capacity, heap.capacity, heapPosition.capacity,
                  slotOfKey.capacity)
    }

    /// Adds `weights` (per channel) for `key` at `time`.
    /// - Returns: the key's slot and whether the key was newly admitted (new slot or eviction).
    @discardableResult
    public mutating func add(_ key: Key, weights: SIMD4<Double>, at time: Double) -> (slot: Int, admitted: Bool) {
        let scaled = weights * growth(at: time)
        if let slot = slotOfKey[key] {
            let index = Int(slot)
            values[index] += scaled
            siftDown(Int(heapPosition[index]))
            return (index, false)
        }
        if keys.count < capacity {
            let index = keys.count
            keys.append(key)
            values.append(scaled)
            errors.append(0)
            heapPosition.append(Int32(heap.count))
            heap.append(Int32(index))
            slotOfKey[key] = Int32(index)
            siftUp(heap.count - 1)
            return (index, true)
        }
        let index = Int(heap[0])
        slotOfKey.removeValue(forKey: keys[index])
        keys[index] = key
        slotOfKey[key] = Int32(index)
        let inherited = values[index] * inheritedChannels
        errors[index] = values[index][0]
        values[index] = inherited + scaled
        siftDown(0)
        return (index, true)
    }

    /// The slot of `key`, if it is held.
    public func slot(of key: Key) -> Int? { slotOfKey[key].map(Int.init) }

    /// The key held in `slot`.
    public func key(atSlot slot: Int) -> Key { keys[slot] }

    /// The entry of `slot` read at `now`.
    public func entry(atSlot slot: Int, at now: Double) -> Entry {
        entry(slot, decay: decay(at: now))
    }

    /// The entry of `key` read at `now`, if held.
    public func entry(for key: Key, at now: Double) -> Entry? {
        slot(of: key).map { entry(atSlot: $0, at: now) }
    }

    /// Every held entry read at `now`, in slot order.
    public func entries(at now: Double) -> [Entry] {
        let factor = decay(at: now)
        return keys.indices.map { entry($0, decay: factor) }
    }

    /// The `n` entries with the highest `score` (nil excludes an entry), best first; ties by key slot.
    /// O(K log n).
    public func top(_ n: Int, at now: Double, score: (Entry) -> Double?) -> [(entry: Entry, score: Double)] {
        guard n > 0 else { return [] }
        let factor = decay(at: now)
        var best: [(entry: Entry, score: Double)] = []
        best.reserveCapacity(n + 1)
        for slot in keys.indices {
            let candidate = entry(slot, decay: factor)
            guard let value = score(candidate), value.isFinite else { continue }
            if best.count == n, let last = best.last, value <= last.score { continue }
            let position = best.firstIndex { value > $0.score } ?? best.count
            best.insert((candidate, value), at: position)
            if best.count > n { best.removeLast() }
        }
        return best
    }

    /// exp(−λ₀(now − landmark)): multiplies a stored channel-0 value to read it at `now`.
    public func countDecay(at now: Double) -> Double {
        guard let landmark, rates[0] != 0 else { return 1 }
        return exp(-rates[0] * (now - landmark))
    }

    /// The decayed channel 0 of `slot`, given `countDecay(at:)` of the reading time.
    @inline(__always)
    public func count(atSlot slot: Int, decay: Double) -> Double { values[slot][0] * decay }

    // MARK: decay

    private func entry(_ slot: Int, decay factor: SIMD4<Double>) -> Entry {
        let channels = values[slot] * factor
        return Entry(key: keys[slot], count: channels[0], error: errors[slot] * factor[0], channels: channels, slot: slot)
    }

    /// exp(−λ(now − landmark)) per channel.
    private func decay(at now: Double) -> SIMD4<Double> {
        guard let landmark else { return SIMD4(repeating: 1) }
        return Self.exponential(-rates * (now - landmark))
    }

    /// exp(λ(time − landmark)) per channel, moving the landmark forward first when needed.
    private mutating func growth(at time: Double) -> SIMD4<Double> {
        if time == growthTime { return growthFactors }
        growthFactors = computeGrowth(at: time)
        growthTime = time
        return growthFactors
    }

    private mutating func computeGrowth(at time: Double) -> SIMD4<Double> {
        guard let current = landmark else {
            landmark = time
            return SIMD4(repeating: 1)
        }
        let exponents = rates * (time - current)
        if exponents.max() > 200 {
            rebase(to: time)
            return SIMD4(repeating: 1)
        }
        return Self.exponential(exponents)
    }

    /// Rescales every stored value to a landmark of `time` (order-preserving).
    private mutating func rebase(to time: Double) {
        let factor = decay(at: time)
        for index in values.indices {
            values[index] *= factor
            errors[index] *= factor[0]
        }
        landmark = time
        growthTime = nil
    }

    /// exp per channel, computing each distinct exponent once.
    private static func exponential(_ x: SIMD4<Double>) -> SIMD4<Double> {
        var result = SIMD4<Double>(repeating: 1)
        for channel in 0..<4 where x[channel] != 0 {
            if let same = (0..<channel).first(where: { x[$0] == x[channel] }) {
                result[channel] = result[same]
            } else {
                result[channel] = exp(x[channel])
            }
        }
        return result
    }

    // MARK: min-heap on channel 0

    /// Heap order: smaller channel 0 first, ties by slot (static, so no copy of `self` in debug builds).
    @inline(__always)
    private static func less(_ a: Int32, _ b: Int32, in values: [SIMD4<Double>]) -> Bool {
        let left = values[Int(a)].x, right = values[Int(b)].x
        return left < right || (left == right && a < b)
    }

    private mutating func swapAt(_ i: Int, _ j: Int) {
        heap.swapAt(i, j)
        heapPosition[Int(heap[i])] = Int32(i)
        heapPosition[Int(heap[j])] = Int32(j)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.less(heap[child], heap[parent], in: values) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count && Self.less(heap[left + 1], heap[left], in: values) { smallest = left + 1 }
            guard Self.less(heap[smallest], heap[parent], in: values) else { return }
            swapAt(smallest, parent)
            parent = smallest
        }
    }
}
