/// The post ids seen most recently, up to `capacity`, for idempotent ingestion: an id inside the
/// window is a duplicate. A value type owned by the store actor; oldest ids leave first.
public struct RecentIDs: Sendable, Hashable {
    public let capacity: Int
    private var members: Set<String> = []
    private var order: [String] = []
    private var oldest = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { members.count }

    public func contains(_ id: String) -> Bool { members.contains(id) }

    /// Remembers `id`; forgets the oldest when full. Returns false when it was already there.
    @discardableResult
    public mutating func insert(_ id: String) -> Bool {
        guard members.insert(id).inserted else { return false }
        if order.count < capacity {
            order.append(id)
        } else {
            members.remove(order[oldest])
            order[oldest] = id
            oldest = (oldest + 1) % capacity
        }
        return true
    }

    /// The ids in arrival order, oldest first (what a snapshot stores).
    public var inArrivalOrder: [String] {
        order.count < capacity ? order : Array(order[oldest...] + order[..<oldest])
    }
}
