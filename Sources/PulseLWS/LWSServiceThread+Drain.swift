import CLibWebSockets

/// The graceful shutdown on the service thread: stop taking new work, let requests in flight
/// finish, close WebSockets with 1001, then stop the loop (or stop at the deadline).
extension LWSServiceThread {
    /// Where the server is in its life.
    enum Phase: Equatable {
        case serving
        /// New connections are refused and new requests get 503; waiting for requests in flight.
        case finishingRequests
        /// Every WebSocket was asked to close with 1001; waiting for them to go.
        case closingWebSockets
        /// The service loop ends.
        case stopped
    }

    /// True once shutdown has begun: no new connections, 503 for new requests.
    var draining: Bool { owned.value.phase != .serving }

    /// Requests whose response is not completely written.
    var requestsInFlight: Int { records.values.reduce(0) { $0 + ($1.exchange?.inFlight == true ? 1 : 0) } }

    func beginDrain() {
        owned.value.phase = .finishingRequests
        guard let context = owned.value.context else { return }
        let microseconds = lws_usec_t(configuration.drainSeconds * 1_000_000)
        lws_sul_schedule(context, 0, &drainTimer.pointee.sul, pulseDrainDeadline, microseconds)
        report("stop accepting")
        advanceDrain()
    }

    /// Moves the shutdown on when its current step is done; call after any request or connection ends.
    func advanceDrain() {
        switch owned.value.phase {
        case .serving, .stopped:
            return
        case .finishingRequests:
            guard requestsInFlight == 0 else { return }
            guard owned.value.requestsFinishedEverywhere else {
                drainProgress.requestsFinished(on: index)  // the last thread to get here lets all go on
                return
            }
            owned.value.phase = .closingWebSockets
            report("requests finished; closing WebSockets with 1001")
            for (id, record) in records where record.kind == .webSocket { hub.close(id, code: 1001, reason: "server shutting down") }
            closeEventStreams()
            serviceHubWork()
            fallthrough
        case .closingWebSockets:
            guard owned.value.webSocketCount == 0 && owned.value.eventStreamCount == 0 else { return }
            report("drained")
            stopLoop()
        }
    }

    /// The drain deadline passed: stop with whatever is still open.
    func drainDeadlinePassed() {
        guard owned.value.phase != .stopped else { return }
        report("deadline of \(configuration.drainSeconds) s passed; closing what is left", reportFirst: true)
        stopLoop()
    }

    private func stopLoop() {
        owned.value.phase = .stopped
        inbox.wake()  // make lws_service return so the loop sees the phase
    }

    private func report(_ step: String, reportFirst: Bool = false) {
        drainProgress.reached(step, requests: requestsInFlight, webSockets: owned.value.webSocketCount,
                              reportFirst: reportFirst)
    }
}

/// lws timer callback for the drain deadline (service thread).
func pulseDrainDeadline(_ sul: UnsafeMutablePointer<lws_sorted_usec_list_t>?) {
    guard let sul, let owner = pulse_lws_timer_owner(sul) else { return }
    Unmanaged<LWSServiceThread>.fromOpaque(owner).takeUnretainedValue().drainDeadlinePassed()
}
