import Foundation
@testable import PulseStore

/// A fresh directory under the system temp dir, removed by `remove()`. Owned by one test.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "pulse-store-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))
    }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
    }

    func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

/// Payload `index` of a test: recognisable text of varying length.
func testPayload(_ index: Int) -> [UInt8] {
    Array("post \(index) ".utf8) + [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: index % 37)
}

/// Every (sequence, payload) replayed from `directory` starting at `from`.
func replayAll(_ directory: String, from: UInt64 = 1) throws -> ([(UInt64, [UInt8])], WALReplayReport) {
    var records: [(UInt64, [UInt8])] = []
    let report = try WALReader(directory: directory).replay(from: from) { records.append(($0, Array($1))) }
    return (records, report)
}
