/// The coded form of `DecayedTopK`: every stored part except the key → slot index, which is
/// rebuilt from the keys on decoding. So equal states encode to equal bytes (a dictionary's
/// iteration order varies between instances) and snapshots are smaller. Older snapshots that
/// still carry the index decode (it is ignored).
extension DecayedTopK {
    enum CodingKeys: String, CodingKey {
        case capacity, inheritedChannels, rates, landmark, keys, values, errors, heap, heapPosition
        case growthTime, growthFactors
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        capacity = try container.decode(Int.self, forKey: .capacity)
        inheritedChannels = try container.decode(SIMD4<Double>.self, forKey: .inheritedChannels)
        rates = try container.decode(SIMD4<Double>.self, forKey: .rates)
        landmark = try container.decodeIfPresent(Double.self, forKey: .landmark)
        keys = try container.decode([Key].self, forKey: .keys)
        values = try container.decode([SIMD4<Double>].self, forKey: .values)
        errors = try container.decode([Double].self, forKey: .errors)
        heap = try container.decode([Int32].self, forKey: .heap)
        heapPosition = try container.decode([Int32].self, forKey: .heapPosition)
        growthTime = try container.decodeIfPresent(Double.self, forKey: .growthTime)
        growthFactors = try container.decode(SIMD4<Double>.self, forKey: .growthFactors)
        guard values.count == keys.count, errors.count == keys.count, heap.count == keys.count,
              heapPosition.count == keys.count, keys.count <= capacity else {
            throw DecodingError.dataCorruptedError(forKey: .keys, in: container, debugDescription: "inconsistent top-K sizes")
        }
        var index: [Key: Int32] = [:]
        index.reserveCapacity(keys.count)
        for (slot, key) in keys.enumerated() {
            guard index.updateValue(Int32(slot), forKey: key) == nil else {
                throw DecodingError.dataCorruptedError(forKey: .keys, in: container, debugDescription: "a key is held twice")
            }
        }
        slotOfKey = index
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(inheritedChannels, forKey: .inheritedChannels)
        try container.encode(rates, forKey: .rates)
        try container.encodeIfPresent(landmark, forKey: .landmark)
        try container.encode(keys, forKey: .keys)
        try container.encode(values, forKey: .values)
        try container.encode(errors, forKey: .errors)
        try container.encode(heap, forKey: .heap)
        try container.encode(heapPosition, forKey: .heapPosition)
        try container.encodeIfPresent(growthTime, forKey: .growthTime)
        try container.encode(growthFactors, forKey: .growthFactors)
    }
}
