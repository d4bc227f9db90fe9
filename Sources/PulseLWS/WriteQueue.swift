/// The subscribers of one service thread that have something to write, in arrival order, asked
/// for writable callbacks at most `perPass` at a time: one batch after each pass of the service
/// loop. libwebsockets services every ready descriptor of a `poll()` in one pass, so arming a
/// whole delta's fan-out at once (5,000 subscribers on a thread at 10,000) made every HTTP
/// answer that became writable meanwhile, a post's `202` among them, wait behind all of those
/// writes (65 ms at the median). Now it waits behind at most `perPass` of them. A subscriber
/// whose socket never drains does not hold anything up: it stays armed in lws and the next
/// batch goes ahead. Owned by its service thread (`ServiceThreadState.writeQueue`); a
/// connection's place in it is flagged in its record (`ConnectionRecord.writeQueued`), so each
/// is queued once.
struct WriteQueue {
    /// Writable requests made after each pass of the service loop at most.
    static let perPass = 512

    private var ids: [UInt64] = []
    private var head = 0

    var isEmpty: Bool { head == ids.count }

    mutating func append(_ id: UInt64) { ids.append(id) }

    /// Takes up to `limit` ids off the front, in order.
    mutating func take(_ limit: Int) -> [UInt64] {
        let end = min(ids.count, head + limit)
        let taken = Array(ids[head..<end])
        head = end
        if head == ids.count {
            ids.removeAll(keepingCapacity: ids.capacity <= 1 << 16)
            head = 0
        } else if head >= 1 << 12 && head * 2 >= ids.count {
            ids.removeFirst(head)
            head = 0
        }
        return taken
    }
}
