import Testing
import PulseCluster
import PulseTesting

extension ClusterSuites {
    @Suite struct ClusterBlobsTests {
        @Test func putGetAndNeverReplacedByAnOlderBlob() throws {
            let server = try RedisServer()
            defer { server.stop() }
            let keys = try ClusterKeys(cluster: "blobs")
            let blobs = ClusterBlobs(connection: try RedisConnection(url: try RedisTest.url(server)), keys: keys)
            #expect(try blobs.get("snapshot") == nil)
            let first: [UInt8] = [0, 1, 2, 255, 0]
            let covers = StreamID(milliseconds: 1_700_000_000_123, sequence: 7)
            #expect(try blobs.put("snapshot", bytes: first, covers: covers))
            #expect(try blobs.get("snapshot") == ClusterBlobs.Blob(covers: covers, bytes: first))
            #expect(try !blobs.put("snapshot", bytes: [9], covers: StreamID(milliseconds: 1_700_000_000_123, sequence: 6)))
            #expect(try !blobs.put("snapshot", bytes: [9], covers: StreamID(milliseconds: 1_700_000_000_122, sequence: 99)))
            #expect(try blobs.get("snapshot")?.bytes == first)
            let later = StreamID(milliseconds: 1_700_000_000_124, sequence: 0)
            let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            #expect(try blobs.put("snapshot", bytes: big, covers: later))
            #expect(try blobs.get("snapshot") == ClusterBlobs.Blob(covers: later, bytes: big))
            #expect(try blobs.put("model", bytes: [], covers: .zero))
            #expect(try blobs.get("model") == ClusterBlobs.Blob(covers: .zero, bytes: []))
            #expect(try blobs.get("snapshot")?.covers == later)
        }
    }
}
