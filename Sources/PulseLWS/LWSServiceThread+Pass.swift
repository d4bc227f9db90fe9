import CLibWebSockets
#if canImport(Glibc)
import Glibc
#endif

/// What the service loop does between two passes of libwebsockets (`lws_service`: one `poll()`
/// and a callback for every ready descriptor, in the order of lws's descriptor table), on the
/// service thread and outside any lws callback. A post's connection usually sits behind
/// thousands of subscribers in that table, so a `202` armed like any other write went out only
/// after the next pass's whole fan-out; here it is written as soon as the pass in which it
/// arrived ends.
extension LWSServiceThread {
    func afterPass() {
        // Work posted during the pass (a 202, a delta) is taken now, not after the next poll.
        if inbox.hasWork { drainInbox() }
        flushReplies()
    }

    /// Writes the HTTP answers that arrived during the pass: lws serves each connection as if
    /// its descriptor had polled writable (`lws_service_fd`, as for an external event loop);
    /// what the socket does not take, lws keeps and sends on the next writable poll.
    private func flushReplies() {
        guard !owned.value.repliesToFlush.isEmpty, let context = owned.value.context else { return }
        let ids = owned.value.repliesToFlush
        owned.value.repliesToFlush.removeAll(keepingCapacity: true)
        for id in ids {
            // Looked up afresh: a connection closed earlier in the pass has no record any more.
            guard let wsi = owned.value.wsi(of: id) else { continue }
            var ready = pollfd()
            ready.fd = lws_get_socket_fd(wsi)
            guard ready.fd >= 0 else { continue }
            ready.events = Int16(POLLOUT)
            ready.revents = Int16(POLLOUT)
            _ = lws_service_fd(context, &ready)
        }
    }
}
