import Foundation
import Testing
@testable import PulseHub

@Suite struct ConfigurationTests {
    static let shippedFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config/pulse.json")

    @Test func shippedConfigFileIsTheDocumentedDefaults() throws {
        let shipped = try String(contentsOf: Self.shippedFile, encoding: .utf8)
        #expect(shipped == ConfigSchema.defaultsDocument(), "regenerate with: pulse config > Config/pulse.json")
        var configuration = PulseConfiguration()
        try configuration.merge(file: Array(shipped.utf8), source: "pulse.json")
        #expect(configuration.int("server.port") == 8080)
    }

    @Test func laterSourcesOverrideEarlierOnes() throws {
        var configuration = PulseConfiguration()
        try configuration.merge(file: Array(#"{"server":{"port":9000,"host":"0.0.0.0"}}"#.utf8), source: "f")
        try configuration.merge(environment: ["PULSE_SERVER_PORT": "9100", "PULSE_PUSH_TICK_MILLISECONDS": "500"])
        try configuration.set("server.host", text: "::1", source: "--host")
        #expect(configuration.int("server.port") == 9100)
        #expect(configuration.int("push.tickMilliseconds") == 500)
        #expect(configuration.string("server.host") == "::1")
    }

    @Test(arguments: [
        (#"{"server":{"port":70000}}"#, "server.port"), (#"{"server":{"prot":1}}"#, "server.prot"),
        (#"{"servers":{}}"#, "servers"), (#"{"demo":{"enabled":"yes"}}"#, "demo.enabled"), (#"{"push":{"tickMilliseconds":1.5}}"#, "push.tickMilliseconds"),
    ])
    func badValuesNameTheirKey(file: String, key: String) {
        var configuration = PulseConfiguration()
        do {
            try configuration.merge(file: Array(file.utf8), source: "f")
            Issue.record("accepted \(file)")
        } catch {
            #expect(error.description.contains(key), "\(error.description)")
        }
    }

    @Test func environmentNamesFollowTheKey() {
        #expect(ConfigSchema.key("push.outboxLimitBytes")?.environmentName == "PULSE_PUSH_OUTBOX_LIMIT_BYTES")
    }
}
