import Foundation
import PulseTesting
import Testing

/// The WAL's group-commit counters in `GET /metrics` (single-node mode, where the WAL is the log).
@Suite struct WALMetricsTests {
    /// The value of the unlabelled sample `name` in Prometheus text, nil when absent.
    static func sample(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    @Test func postsShowUpAsDurableRecordsBytesBatchesAndFsyncs() async throws {
        try await LiveServer.with({ configuration in
            try configuration.set("store.fsync", .string("batch"), source: "test")
        }) { (server: LiveServer) throws in
            let client = try server.http()
            let before = try client.get("/metrics").text
            let recordsBefore = try #require(Self.sample("pulse_wal_records_total", in: before))
            for index in 0..<3 {
                #expect(try client.post("/api/posts", #"{"id":"wal-\#(index)","text":"durable \#(index) #wal"}"#).status == 202)
            }
            // Each 202 was sent after its record's fsync, so the counters already hold it.
            let text = try client.get("/metrics").text
            for name in ["pulse_wal_records_total", "pulse_wal_bytes_total", "pulse_wal_batches_total", "pulse_wal_fsyncs_total"] {
                #expect(text.contains("# HELP \(name) "), "\(name) has a HELP line")
                #expect(text.contains("# TYPE \(name) counter\n"), "\(name) is a counter")
            }
            let records = try #require(Self.sample("pulse_wal_records_total", in: text))
            #expect(records >= recordsBefore + 3)
            #expect(try #require(Self.sample("pulse_wal_fsyncs_total", in: text)) >= 1)
            #expect(try #require(Self.sample("pulse_wal_batches_total", in: text)) >= 1)
            #expect(try #require(Self.sample("pulse_wal_bytes_total", in: text)) > 0)
        }
    }
}
