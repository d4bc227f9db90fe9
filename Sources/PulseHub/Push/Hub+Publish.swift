import PulseStore

/// Publishing one tick's changes: encoded once per distinct subscription key (off the locks),
/// kept in the history ring, and queued for the live subscribers of every service thread, with
/// one lock per shard; over-full outboxes are closed with 4008.
extension Hub {
    public func publish(_ changes: StateChanges) {
        let parts = ViewEncoder.parts(op: "delta", epoch: epoch, view: changes.view, topics: changes.topics,
                                      subscribers: configuration.subscribersInDeltas ? subscriberCount : nil)
        let entry = HistoryEntry(parts: parts)
        // Not yet in the ring, so no other thread sees the entry while its keys are encoded here.
        var keys = Set<SubscriptionKey>()
        for shard in shards { shard.state.withLock { keys.formUnion($0.keys.keys) } }
        for key in keys { _ = entry.message(for: key) }
        let limit = configuration.outboxLimitBytes
        var slow = 0
        var woken: [HubShard] = []
        history.withLock { history in
            history.append(entry)
            for shard in shards {
                let queued = shard.state.withLock { state in
                    queue(entry, in: &state, limit: limit, slow: &slow)
                }
                if queued { woken.append(shard) }
            }
        }
        if slow > 0 {
            metrics.slowConsumerDisconnects.add(slow, ordering: .relaxed)
            liveCount.subtract(slow, ordering: .relaxed)
        }
        for shard in woken { shard.wake() }
    }

    /// Queues `entry` for the shard's live subscribers that have not had it; true when any was.
    /// One pass over the subscribers in place, each finding its message by key slot.
    private func queue(_ entry: HistoryEntry, in state: inout HubShard.State, limit: Int, slow: inout Int) -> Bool {
        let messages = state.keys.slots.map { slot in slot.map { entry.message(for: $0.key) } }
        var queued = false
        var index = state.subscribers.startIndex
        while index != state.subscribers.endIndex {
            defer { state.subscribers.formIndex(after: &index) }
            guard let delivered = state.subscribers.values[index].deliver(offset: entry.offset, messages: messages, outboxLimit: limit)
            else { continue }
            let id = state.subscribers.keys[index]
            queued = true
            if delivered {
                state.work.ready.append(id)
            } else {
                slow += 1
                state.work.closing.append(id)
            }
        }
        return queued
    }
}
