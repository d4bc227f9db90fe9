import CLibWebSockets
import Foundation
import PulseHub

/// Lingering close (RFC 9112 §9.6), on the service thread. An answer decided from the headers
/// (413, 411, 401, 429, 503 while shutting down...) goes out while the client may still be
/// sending its body; closing right after it would make the kernel reset the connection and many
/// clients (those that write the whole body before reading) would see a broken pipe instead of
/// the answer. So after such an answer the server sends FIN, keeps reading and dropping the body,
/// and closes when it is complete, after `lingerBytes`, or after `lingerSeconds`, whichever is first.
extension LWSServiceThread {
    /// Whether lws will deliver a body for this request: a positive Content-Length, or (as lws
    /// assumes) up to 100 MiB for POST, PUT and PATCH without one.
    static func expectsBody(method: String, headers: [String: String]) -> Bool {
        if let length = headers["content-length"] {
            return (Int(length.prefix { $0.isASCII && $0.isNumber }) ?? 0) > 0
        }
        return method == "POST" || method == "PUT" || method == "PATCH"
    }

    /// The early answer's last byte is written: true when the connection now lingers.
    func startLingering(_ wsi: OpaquePointer, _ id: UInt64) -> Bool {
        guard var exchange = records[id]?.exchange, exchange.answeredBeforeBody, configuration.lingerSeconds > 0,
              exchange.discardedBytes < configuration.lingerBytes else { return false }
        exchange.lingerDeadline = .now + .seconds(configuration.lingerSeconds)
        exchange.inFlight = true  // a shutdown waits for it (within its own deadline)
        records[id]?.exchange = exchange
        if lws_is_ssl(wsi) == 0 {
            _ = Glibc.shutdown(lws_get_socket_fd(wsi), Int32(SHUT_WR))  // the answer is complete
        }
        lws_set_timer_usecs(wsi, lws_usec_t(configuration.lingerSeconds) * 1_000_000)
        return true
    }

    /// A body chunk after an early answer: dropped. -1 (close) once the answer is out and the
    /// byte budget or the time is used up.
    func discardBody(_ id: UInt64, length: Int) -> Int32 {
        guard var exchange = records[id]?.exchange else { return -1 }
        exchange.discardedBytes += length
        records[id]?.exchange = exchange
        guard let deadline = exchange.lingerDeadline else { return 0 }  // the answer goes out first
        return exchange.discardedBytes >= configuration.lingerBytes || .now >= deadline ? -1 : 0
    }

    /// The whole body arrived after an early answer: close, or let the answer close once sent.
    func bodyCompletedAfterAnswer(_ id: UInt64) -> Int32 {
        guard var exchange = records[id]?.exchange else { return -1 }
        if exchange.lingerDeadline != nil { return -1 }
        exchange.answeredBeforeBody = false
        records[id]?.exchange = exchange
        return 0
    }

    /// LWS_CALLBACK_TIMER: a lingering connection's time is up (-1 closes it).
    func lingerTimerFired(_ wsi: OpaquePointer) -> Int32 {
        records[storedConnectionID(wsi)]?.exchange?.lingerDeadline != nil ? -1 : 0
    }
}
