import PulseHub

/// Where a `pulse subscribe` stream stands across reconnects: the epoch and the last offset it
/// printed, and how many deltas it printed. It turns each server message into the lines to print:
/// the message itself (verbatim, compact), preceded by a `gap` marker line when continuity is
/// broken, or nothing for a delta already printed. A value owned by the subscribe thread.
struct SubscriptionTracker {
    /// The last printed snapshot or delta, or the `--since` starting point.
    private(set) var position: (epoch: UInt64, offset: UInt64)?
    private(set) var deltasPrinted = 0
    /// How many `subscribed` replies arrived (one per accepted subscription).
    private(set) var subscriptionsConfirmed = 0

    init(since: (epoch: UInt64, offset: UInt64)?) { position = since }

    /// The lines to print for one server message, in order. A message is printed as it came,
    /// unless it holds a line break (the hub never sends one): then it is re-encoded compactly.
    mutating func lines(for received: [UInt8]) throws -> [[UInt8]] {
        var message = received
        if message.contains(0x0A) {
            var writer = JSONWriter()
            writer.value(try JSONParser.parse(message))
            message = writer.bytes
        }
        let header = try MessageHeader(message)
        let (epoch, offset) = (header.epoch, header.offset)
        switch header.op {
        case "subscribed":
            subscriptionsConfirmed += 1
            if header.recovered == false, let position {
                return [Self.gap(position, reason: "recovery impossible; fresh snapshot follows"), message]
            }
            return [message]
        case "snapshot":
            if let epoch, let offset { position = (epoch, offset) }
            return [message]
        case "delta":
            guard let epoch, let offset else { return [message] }
            var output: [[UInt8]] = []
            if let position {
                if position.epoch == epoch && offset <= position.offset { return [] }
                if position.epoch != epoch {
                    output.append(Self.gap(position, reason: "epoch changed to \(epoch) without a snapshot"))
                } else if offset > position.offset + 1 {
                    output.append(Self.gap(position, reason: "offsets \(position.offset + 1)...\(offset - 1) missing"))
                }
            }
            position = (epoch, offset)
            deltasPrinted += 1
            output.append(message)
            return output
        default:
            return [message]
        }
    }

    /// The subscribe message: topics, filter, token, and `recover` from the current position.
    func subscribeMessage(topics: [String]?, hashtags: [String], keywords: [String], token: String?) -> String {
        SubscribeMessage.encode(topics: topics, hashtags: hashtags, keywords: keywords, recover: position, token: token)
    }

    /// `{"op":"gap","epoch":E,"offset":O,"reason":R}`: continuity broke after offset O of epoch E.
    private static func gap(_ position: (epoch: UInt64, offset: UInt64), reason: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("op", "gap")
        writer.field("epoch", position.epoch)
        writer.field("offset", position.offset)
        writer.field("reason", reason)
        writer.endObject()
        return writer.bytes
    }
}
