import PulseHub

/// What one libwebsockets service thread owns: its context, one record per connection, counts
/// of its WebSockets and event streams, and its shutdown phase. Kept in a `ServiceThreadBound`,
/// so every access is checked in debug builds.
struct ServiceThreadState {
    var context: OpaquePointer?
    var nextSerial: UInt64 = 0
    /// A record's `kind` changes only through `setKind`, which keeps the counts below.
    var records: [UInt64: ConnectionRecord] = [:]
    /// Connections this thread's context holds, from lws's outermost create and destroy
    /// notifications (`LWS_CALLBACK_WSI_CREATE` / `_DESTROY`): what `adopt` holds to its share.
    var openSockets = 0
    private(set) var webSocketCount = 0
    private(set) var eventStreamCount = 0
    /// Connections whose HTTP response arrived during the current pass, written right after it.
    var repliesToFlush: [UInt64] = []
    var phase = LWSServiceThread.Phase.serving
    /// Set when the drain's barrier passed: no thread has requests in flight any more.
    var requestsFinishedEverywhere = false

    /// The record of `id`, created for `wsi` on first use; true when it was created now.
    mutating func record(_ id: UInt64, wsi: OpaquePointer, messageBucket: @autoclosure () -> TokenBucket) -> Bool {
        guard records.index(forKey: id) == nil else { return false }
        records[id] = ConnectionRecord(wsi: wsi, messageBucket: messageBucket())
        return true
    }

    /// Runs `body` on the record of `id` in place; nil when there is none.
    mutating func withRecord<Result>(_ id: UInt64, _ body: (inout ConnectionRecord) -> Result) -> Result? {
        guard let index = records.index(forKey: id) else { return nil }
        return body(&records.values[index])
    }

    /// The wsi of connection `id`, read in place (a lookup of `records[id]` would copy the record).
    func wsi(of id: UInt64) -> OpaquePointer? {
        guard let index = records.index(forKey: id) else { return nil }
        return records.values[index].wsi
    }

    /// The kind of connection `id`, read in place.
    func kind(of id: UInt64) -> ConnectionRecord.Kind? {
        guard let index = records.index(forKey: id) else { return nil }
        return records.values[index].kind
    }

    mutating func setKind(_ id: UInt64, _ kind: ConnectionRecord.Kind) {
        guard let old = withRecord(id, { record -> ConnectionRecord.Kind in
            defer { record.kind = kind }
            return record.kind
        }) else { return }
        count(old, -1)
        count(kind, +1)
    }

    /// Forgets connection `id` (the one place a closed connection is cleaned up); its record.
    mutating func remove(_ id: UInt64) -> ConnectionRecord? {
        guard let record = records.removeValue(forKey: id) else { return nil }
        count(record.kind, -1)
        return record
    }

    private mutating func count(_ kind: ConnectionRecord.Kind, _ change: Int) {
        switch kind {
        case .http: break
        case .webSocket: webSocketCount += change
        case .eventStream: eventStreamCount += change
        }
    }
}

/// Short names for the service-thread state, used by the callbacks (each access is checked).
extension LWSServiceThread {
    var records: [UInt64: ConnectionRecord] {
        _read { yield owned.value.records }
        _modify { yield &owned.value.records }
    }
}
