// pulse-loadgen: a load client for the fan-out benchmark (Benchmarks/hub/run.sh). Opens N
// WebSocket subscribers to a running hub (or a peer) on 127.0.0.1, posts --rate posts per second
// through POST /api/posts (on --post-port, default --port) on a fixed schedule (post k is sent
// at start + k / rate, or as soon as post k-1's 202 is in when that is later: one post in flight,
// so a slow 202 lowers the rate and shows in the ack figures), and measures deliveries per second,
// the mean delta size, the latency from each post's send (and from its 202) to its arrival at
// every subscriber, and the time from each post's send to its 202.
// With --hold-idle S it first keeps the subscribers idle for S seconds (the harness samples the
// server's RSS then). With --per-post 1 it also prints, on stderr, each post's sample count and
// min / p50 / max latency from its send (a tail confined to a few posts is a warm-up, not a
// steady backlog). Loopback only; stops by itself after --seconds.
import Foundation
import PulseHub
import PulseTesting
import Synchronization

func argument(_ name: String, _ fallback: Int) -> Int {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return fallback }
    return Int(CommandLine.arguments[index + 1]) ?? fallback
}

let port = argument("--port", 8080)
let subscriberCount = argument("--subscribers", 1000)
let seconds = argument("--seconds", 10)
let postsPerSecond = argument("--rate", 5)
let postPort = argument("--post-port", port)
let holdIdleSeconds = argument("--hold-idle", 0)
let reportPerPost = argument("--per-post", 0) != 0

var sockets: [TestWebSocket] = []
for index in 0..<subscriberCount {
    do {
        let socket = try TestWebSocket(port: port)
        try socket.subscribe(topics: ["posts", "sentiment", "trending"])
        sockets.append(socket)
    } catch {
        FileHandle.standardError.write(Data("subscriber \(index): \(error)\n".utf8))
        exit(1)
    }
}
for socket in sockets { _ = fcntl(socket.socket.descriptor, F_SETFL, fcntl(socket.socket.descriptor, F_GETFL) | O_NONBLOCK) }
FileHandle.standardError.write(Data("\(sockets.count) subscribers connected\n".utf8))
if holdIdleSeconds > 0 {
    sleep(UInt32(holdIdleSeconds))
    FileHandle.standardError.write(Data("idle hold over\n".utf8))
}

/// Send and acknowledgement times of each post, by sequence number; written by the poster thread, read here.
/// A post is entered before it is sent, so a delta that arrives before its post's 202 still counts.
let acknowledged = Mutex<[Int: (sent: Double, acknowledged: Double?)]>([:])
let stop = Atomic<Bool>(false)
let poster = Thread {
    guard let client = try? TestHTTPClient(port: postPort) else { return }
    let interval = 1 / Double(max(postsPerSecond, 1))
    var sequence = 0
    var due = Date().timeIntervalSince1970
    while !stop.load(ordering: .relaxed) {
        sequence += 1
        let sent = Date().timeIntervalSince1970
        acknowledged.withLock { [sequence] in $0[sequence] = (sent, nil) }
        let response = try? client.post("/api/posts", #"{"id":"lg-\#(sequence)","text":"fan-out probe \#(sequence) #bench"}"#)
        let now = Date().timeIntervalSince1970
        acknowledged.withLock { [sequence] in
            if response?.status == 202 { $0[sequence]?.acknowledged = now } else { $0[sequence] = nil }
        }
        due = max(due + interval, now - interval)  // behind by more than a post: no burst to catch up
        if due > now { usleep(useconds_t((due - now) * 1_000_000)) }
    }
}
poster.start()

let epoll = Epoll()
for (index, socket) in sockets.enumerated() { epoll.add(socket.socket.descriptor, index: index) }
var readers = Array(repeating: FrameReader(), count: sockets.count)
var chunk = [UInt8](repeating: 0, count: 1 << 16)
var deliveries = 0
var deliveredBytes = 0
var closed = 0
var latencies: [Double] = []
var sendLatencies: [Double] = []
/// Latencies from the send, by post sequence number; kept only with --per-post.
var sendLatenciesByPost: [Int: [Double]] = [:]
let deltaPrefix = Array(#"{"op":"delta""#.utf8)
let idPattern = Array(#""id":"lg-"#.utf8)

/// The offset of the first `pattern` in `bytes` at or after `from`, if any.
func find(_ pattern: [UInt8], in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
    var position = from
    while position + pattern.count <= bytes.count {
        guard let hit = memchr(bytes.baseAddress! + position, Int32(pattern[0]), bytes.count - position) else { return nil }
        position = bytes.baseAddress!.distance(to: UnsafeRawPointer(hit))
        if position + pattern.count <= bytes.count, memcmp(bytes.baseAddress! + position, pattern, pattern.count) == 0 { return position }
        position += 1
    }
    return nil
}

/// Counts a delta and records the latency of every probe post it carries.
@MainActor func receive(_ message: UnsafeRawBufferPointer) {
    guard message.count >= deltaPrefix.count, memcmp(message.baseAddress!, deltaPrefix, deltaPrefix.count) == 0 else { return }
    deliveries += 1
    deliveredBytes += message.count
    let arrival = Date().timeIntervalSince1970
    var position = 0
    while let found = find(idPattern, in: message, from: position) {
        var cursor = found + idPattern.count
        var sequence = 0
        while cursor < message.count, (48...57).contains(message[cursor]) {
            sequence = sequence * 10 + Int(message[cursor] - 48)
            cursor += 1
        }
        if let times = acknowledged.withLock({ $0[sequence] }) {
            // Arrived before its 202 was read: no time after the 202.
            latencies.append(max(0, arrival - (times.acknowledged ?? arrival)))
            sendLatencies.append(max(0, arrival - times.sent))
            if reportPerPost { sendLatenciesByPost[sequence, default: []].append(max(0, arrival - times.sent)) }
        }
        position = cursor
    }
}

let measureStart = Date()
let end = measureStart.addingTimeInterval(Double(seconds))
while Date() < end {
    for index in epoll.ready(timeout: 100) {
        let descriptor = sockets[index].socket.descriptor
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count <= 0 {
            if count == 0 { closed += 1; epoll.remove(descriptor) }
            continue
        }
        chunk.withUnsafeBytes { bytes in
            readers[index].feed(UnsafeRawBufferPointer(rebasing: bytes[..<count])) { message in
                if let message { receive(message) } else { closed += 1 }
            }
        }
    }
}
stop.store(true, ordering: .relaxed)
let elapsed = Date().timeIntervalSince(measureStart)
latencies.sort()
sendLatencies.sort()
for (sequence, samples) in sendLatenciesByPost.sorted(by: { $0.key < $1.key }) {
    let sorted = samples.sorted()
    let ms = { (value: Double) in Int((value * 1000).rounded()) }
    FileHandle.standardError.write(Data("post \(sequence): \(sorted.count) deliveries, from send min \(ms(sorted[0])) / p50 \(ms(sorted[sorted.count / 2])) / max \(ms(sorted[sorted.count - 1])) ms\n".utf8))
}
let acknowledgeTimes = acknowledged.withLock { $0.values.compactMap { times in times.acknowledged.map { $0 - times.sent } } }.sorted()
func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] * 1000
}
var writer = JSONWriter()
writer.beginObject()
writer.field("subscribers", sockets.count)
writer.field("seconds", elapsed)
writer.field("deliveries_per_second", Double(deliveries) / elapsed)
writer.field("mean_delta_bytes", deliveries == 0 ? 0 : deliveredBytes / deliveries)
writer.field("latency_samples", latencies.count)
writer.field("p50_ms", percentile(latencies, 0.5))
writer.field("p99_ms", percentile(latencies, 0.99))
writer.field("p999_ms", percentile(latencies, 0.999))
writer.field("send_p50_ms", percentile(sendLatencies, 0.5))
writer.field("send_p99_ms", percentile(sendLatencies, 0.99))
writer.field("send_p999_ms", percentile(sendLatencies, 0.999))
writer.field("ack_p50_ms", percentile(acknowledgeTimes, 0.5))
writer.field("ack_p99_ms", percentile(acknowledgeTimes, 0.99))
writer.field("closed", closed)
writer.endObject()
print(String(decoding: writer.bytes, as: UTF8.self))
