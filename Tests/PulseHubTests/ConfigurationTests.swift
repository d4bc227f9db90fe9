import Foundation
import PulseStore
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
        #expect(configuration.server == PulseConfiguration.Server())
        #expect(configuration.store == PulseConfiguration.Store())
    }

    @Test func laterSourcesOverrideEarlierOnesIntoTypedFields() throws {
        var configuration = PulseConfiguration()
        try configuration.merge(file: Array(#"{"server":{"port":9000,"host":"0.0.0.0"},"store":{"fsync":"always"}}"#.utf8), source: "f.json")
        try configuration.merge(environment: ["PULSE_SERVER_PORT": "9100", "PULSE_PUSH_TICK_MILLISECONDS": "500", "PULSE_LOG_FORMAT": "json"])
        try configuration.set("server.host", text: "::1", source: "--host")
        #expect(configuration.server.port == 9100)
        #expect(configuration.push.tickMilliseconds == 500)
        #expect(configuration.server.host == "::1")
        #expect(configuration.store.fsync == .always)
        #expect(configuration.log.format == .json)
        #expect(configuration.origin(of: "server.port") == "PULSE_SERVER_PORT")
        #expect(configuration.origin(of: "server.host") == "--host")
        #expect(configuration.origin(of: "store.fsync") == "f.json")
        #expect(configuration.origin(of: "demo.rate") == "default")
    }

    @Test(arguments: [
        (#"{"server":{"port":70000}}"#, "'server.port' must be an integer in 0...65535, got 70000"),
        (#"{"server":{"port":"80"}}"#, "'server.port' must be an integer, not string"),
        (#"{"server":{"prot":1}}"#, "unknown key 'server.prot'"),
        (#"{"servers":{}}"#, "unknown section 'servers'"),
        (#"{"demo":{"enabled":"yes"}}"#, "'demo.enabled' must be true or false, not string"),
        (#"{"push":{"tickMilliseconds":1.5}}"#, "'push.tickMilliseconds' must be an integer in 10...60000, got 1.5"),
        (#"{"store":{"fsync":"sometimes"}}"#, "'store.fsync' must be one of never, batch, always, got 'sometimes'"),
        (#"{"demo":{"rate":0}}"#, "'demo.rate' must be a number in 0.1...1000000.0, got 0"),
        (#"{"watch":{"csvColumns":["txt=body"]}}"#, "'watch.csvColumns' entry 'txt=body' maps unknown field 'txt'"),
        (#"{"store":{"dataDir":""}}"#, "'store.dataDir' must not be empty"),
    ])
    func badFileValuesNameTheirSourceKeyAndWhy(file: String, expected: String) {
        var configuration = PulseConfiguration()
        do {
            try configuration.merge(file: Array(file.utf8), source: "f.json")
            Issue.record("accepted \(file)")
        } catch {
            #expect(error.description.hasPrefix("f.json: "), "\(error.description)")
            #expect(error.description.contains(expected), "\(error.description)")
        }
        #expect(configuration.server == PulseConfiguration.Server(), "a refused file changes nothing")
        #expect(configuration.origins.isEmpty)
    }

    @Test func badEnvironmentValuesNameTheVariable() {
        var configuration = PulseConfiguration()
        #expect {
            try configuration.merge(environment: ["PULSE_SERVER_PORT": "eighty"])
        } throws: { ($0 as? PulseConfiguration.Invalid)?.description == "PULSE_SERVER_PORT: 'server.port' must be an integer, got 'eighty'" }
        #expect {
            try configuration.merge(environment: ["PULSE_LIMITS_MAX_BODY_BYTES": "10"])
        } throws: { ($0 as? PulseConfiguration.Invalid)?.description.contains("PULSE_LIMITS_MAX_BODY_BYTES: 'limits.maxBodyBytes' must be an integer in 1024...") == true }
        #expect(configuration.server.port == 8080)
    }

    @Test func badFlagValuesNameTheFlag() {
        var configuration = PulseConfiguration()
        #expect {
            try configuration.set("log.level", text: "loud", source: "--log-level")
        } throws: { ($0 as? PulseConfiguration.Invalid)?.description == "--log-level: 'log.level' must be one of debug, info, warn, error, got 'loud'" }
        #expect {
            try configuration.set("server.port", text: "-1", source: "--port")
        } throws: { ($0 as? PulseConfiguration.Invalid)?.description == "--port: 'server.port' must be an integer in 0...65535, got -1" }
    }

    @Test func effectiveDocumentShowsValuesOriginsAndHidesSecrets() throws {
        var configuration = PulseConfiguration()
        try configuration.set("server.port", text: "9001", source: "--port")
        try configuration.set("auth.adminTokens", text: "secret-one,secret-two", source: "PULSE_AUTH_ADMIN_TOKENS")
        let document = ConfigSchema.effectiveDocument(configuration)
        let parsed = try JSONParser.parse(Array(document.utf8))
        #expect(parsed["server"]?["port"] == .object(JSONObject([("value", .number(9001)), ("from", .string("--port"))])))
        #expect(parsed["server"]?["host"]?["from"] == .string("default"))
        #expect(parsed["auth"]?["adminTokens"]?["value"] == .string("(2 set, not shown)"))
        #expect(!document.contains("secret-one"))
        #expect(ConfigSchema.keys.allSatisfy { parsed[$0.section]?[$0.name]?["from"] != nil }, "every key is listed")
    }

    @Test func everyKeyIsDocumentedOnceAndHasADistinctField() {
        #expect(Set(ConfigSchema.keys.map(\.path)).count == ConfigSchema.keys.count)
        #expect(ConfigSchema.keys.allSatisfy { !$0.doc.isEmpty })
        for key in ConfigSchema.keys {
            // Setting a key moves exactly its own typed field: flip it to another valid value.
            var configuration = PulseConfiguration()
            let other: JSONValue
            switch key.kind {
            case .integer(let range): other = .number(Double(range.lowerBound == key.defaultValue.numberValue.map(Int.init) ? range.upperBound : range.lowerBound))
            case .number(let range): other = .number(range.lowerBound == key.defaultValue.numberValue ? range.upperBound : range.lowerBound)
            case .string: other = .string("x-\(key.name)")
            case .boolean: other = .bool(key.defaultValue != .bool(true))
            case .strings: other = key.path == "watch.csvColumns" ? .array([.string("text=body")]) : .array([.string("x")])
            case .choice(let options): other = .string(options.first { .string($0) != key.defaultValue }!)
            }
            do { try configuration.set(key.path, other, source: "t") } catch { Issue.record("\(key.path): \(error)") }
            #expect(key.value(in: configuration) == other, "\(key.path)")
            let changed = ConfigSchema.keys.filter { $0.value(in: configuration) != $0.defaultValue }.map(\.path)
            #expect(changed == [key.path], "\(key.path) also moved \(changed)")
        }
    }

    @Test func environmentNamesFollowTheKey() {
        #expect(ConfigSchema.key("push.outboxLimitBytes")?.environmentName == "PULSE_PUSH_OUTBOX_LIMIT_BYTES")
        #expect(ConfigSchema.key("log.format")?.environmentName == "PULSE_LOG_FORMAT")
    }
}
