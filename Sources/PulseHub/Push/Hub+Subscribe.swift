import PulseStore

/// Starting a subscription: recovery from the history ring when the client's epoch and offset
/// allow it, else a snapshot (made off the locks, shared by subscribers arriving at the same
/// offset), followed by any deltas published meanwhile so that no offset is skipped.
extension Hub {
    private enum SubscribeStep {
        case nothing, recovered
        case snapshot(generation: Int)
    }

    /// Starts (or replaces) a subscription: recovers from history when possible, else sends a snapshot.
    public func subscribe(_ id: UInt64, _ request: SubscriptionRequest) {
        let shard = shard(id)
        let step: SubscribeStep = history.withLock { history in
            shard.state.withLock { state in
                if let phase = state.subscribers[id]?.phase, case .closing = phase { return .nothing }
                state.setKey(request.key, of: id)
                let step = state.withSubscriber(id) { subscriber -> SubscribeStep in
                    if subscriber.isLive { liveCount.subtract(1, ordering: .relaxed) }
                    subscriber.generation += 1
                    if let recover = request.recover, recover.epoch == epoch, let entries = history.after(recover.offset) {
                        subscriber.enqueue(OutboundMessage(subscribedMessage(offset: recover.offset, recovered: true, key: request.key)))
                        for entry in entries { subscriber.enqueue(entry.message(for: request.key)) }
                        subscriber.nextOffset = history.latestOffset + 1
                        subscriber.phase = .live
                        liveCount.add(1, ordering: .relaxed)
                        return .recovered
                    }
                    subscriber.phase = .subscribing(generation: subscriber.generation)
                    return .snapshot(generation: subscriber.generation)
                } ?? .nothing
                if case .recovered = step { state.work.ready.append(id) }
                return step
            }
        }
        guard case .snapshot(let generation) = step else { shard.wake(); return }
        let key = request.key
        Task { [self] in
            let offset = await store.currentOffset
            if let cached = history.withLock({ $0.snapshots[key] }), cached.offset == offset {
                completeSubscribe(id, generation: generation, key: key, offset: offset, snapshot: cached.message)
                return
            }
            let view = await store.snapshot(now: clock())
            let encoded = ViewEncoder.parts(op: "snapshot", epoch: epoch, view: view, topics: key.topics,
                                            subscribers: subscriberCount + 1)
                .message(for: key, reserving: OutboundMessage.reservedBytes)
            let snapshot = OutboundMessage(reservedAndPayload: encoded)
            history.withLock { history in
                if history.snapshots.count > 64 { history.snapshots.removeAll() }
                history.snapshots[key] = (view.offset, snapshot)
            }
            completeSubscribe(id, generation: generation, key: key, offset: view.offset, snapshot: snapshot)
        }
    }

    private func completeSubscribe(_ id: UInt64, generation: Int, key: SubscriptionKey, offset: UInt64, snapshot: OutboundMessage) {
        let subscribed = OutboundMessage(subscribedMessage(offset: offset, recovered: false, key: key))
        let shard = shard(id)
        history.withLock { history in
            shard.state.withLock { state in
                let completed = state.withSubscriber(id) { subscriber -> Bool in
                    guard case .subscribing(generation) = subscriber.phase else { return false }
                    subscriber.enqueue(subscribed)
                    subscriber.enqueue(snapshot)
                    subscriber.nextOffset = offset + 1
                    // Deltas published while the snapshot was being made did not reach this
                    // subscriber (it was not live yet): send them from the history ring.
                    if history.latestOffset > offset, let missed = history.after(offset) {
                        for entry in missed { subscriber.enqueue(entry.message(for: key)) }
                        subscriber.nextOffset = history.latestOffset + 1
                    }
                    subscriber.phase = .live
                    liveCount.add(1, ordering: .relaxed)
                    return true
                } ?? false
                if completed { state.work.ready.append(id) }
            }
        }
        shard.wake()
    }

    private func subscribedMessage(offset: UInt64, recovered: Bool, key: SubscriptionKey) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "subscribed")
        writer.field("epoch", epoch)
        writer.field("offset", offset)
        writer.field("recovered", recovered)
        writer.key("topics")
        writer.beginArray()
        for topic in Topic.allCases where key.topics.contains(topic) { writer.string(topic.rawValue) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }
}
