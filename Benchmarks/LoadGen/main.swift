// pulse-loadgen: a load client for the fan-out benchmark (Benchmarks/hub/run.sh). Opens N
// WebSocket subscribers to a running hub on 127.0.0.1, posts one post per tick through
// POST /api/posts, and measures deliveries per second and the latency from each post's 202 to
// its arrival at every subscriber. Loopback only; stops by itself after --seconds.
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

/// Acknowledgement time of each post, by id; written by the poster thread, read here.
let acknowledged = Mutex<[String: Double]>([:])
let stop = Atomic<Bool>(false)
let poster = Thread {
    guard let client = try? TestHTTPClient(port: port) else { return }
    var sequence = 0
    while !stop.load(ordering: .relaxed) {
        sequence += 1
        let id = "lg-\(sequence)"
        let response = try? client.post("/api/posts", #"{"id":"\#(id)","text":"fan-out probe \#(sequence) #bench"}"#)
        if response?.status == 202 { acknowledged.withLock { $0[id] = Date().timeIntervalSince1970 } }
        usleep(useconds_t(1_000_000 / max(postsPerSecond, 1)))
    }
}
poster.start()

var readers = Array(repeating: FrameReader(), count: sockets.count)
var polls = sockets.map { pollfd(fd: $0.socket.descriptor, events: Int16(POLLIN), revents: 0) }
var chunk = [UInt8](repeating: 0, count: 1 << 16)
var deliveries = 0
var closed = 0
var latencies: [Double] = []
let measureStart = Date()
let end = measureStart.addingTimeInterval(Double(seconds))
let idPattern = Array(#""id":"lg-"#.utf8)
while Date() < end {
    guard poll(&polls, nfds_t(polls.count), 100) > 0 else { continue }
    let now = Date().timeIntervalSince1970
    for index in polls.indices where polls[index].revents != 0 {
        let count = chunk.withUnsafeMutableBytes { recv(polls[index].fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 {
            if count == 0 { closed += 1; polls[index].fd = -1 }
            continue
        }
        for message in chunk.withUnsafeBytes({ readers[index].feed(UnsafeRawBufferPointer(rebasing: $0[..<count])) }) {
            guard let message else { closed += 1; continue }
            guard message.starts(with: Array(#"{"op":"delta""#.utf8)) else { continue }
            deliveries += 1
            // Find each probe id in the delta and record its latency.
            var position = 0
            while let range = message[position...].firstRange(of: idPattern) {
                let idStart = range.lowerBound + 6
                var idEnd = idStart
                while idEnd < message.count, message[idEnd] != UInt8(ascii: "\"") { idEnd += 1 }
                let id = String(decoding: message[idStart..<idEnd], as: UTF8.self)
                if let ackTime = acknowledged.withLock({ $0[id] }) { latencies.append(max(0, now - ackTime)) }
                position = idEnd
            }
        }
    }
}
stop.store(true, ordering: .relaxed)
let elapsed = Date().timeIntervalSince(measureStart)
latencies.sort()
func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] * 1000
}
var writer = JSONWriter()
writer.beginObject()
writer.field("subscribers", sockets.count)
writer.field("seconds", elapsed)
writer.field("deliveries_per_second", Double(deliveries) / elapsed)
writer.field("latency_samples", latencies.count)
writer.field("p50_ms", percentile(latencies, 0.5))
writer.field("p99_ms", percentile(latencies, 0.99))
writer.field("p999_ms", percentile(latencies, 0.999))
writer.field("closed", closed)
writer.endObject()
print(String(decoding: writer.bytes, as: UTF8.self))
