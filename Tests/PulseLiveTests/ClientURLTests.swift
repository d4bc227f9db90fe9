import PulseLWS
import Testing

/// Parsing of the URLs the CLI clients take, and host resolution (no sockets opened).
@Suite struct ClientURLTests {
    @Test func parsesHostPortAndPath() throws {
        let ws = try ClientURL("ws://127.0.0.1:8080/ws?x=1#frag", schemes: ["ws": 80])
        #expect(ws.host == "127.0.0.1" && ws.port == 8080 && ws.path == "/ws?x=1")
        let http = try ClientURL("HTTP://localhost", schemes: ["http": 80])
        #expect(http.scheme == "http" && http.host == "localhost" && http.port == 80 && http.path == "")
        let v6 = try ClientURL("ws://[::1]:9000/ws", schemes: ["ws": 80])
        #expect(v6.host == "::1" && v6.port == 9000 && v6.hostHeader == "[::1]:9000")
    }

    @Test(arguments: [
        ("127.0.0.1:8080", "is not a URL"), ("wss://h/ws", "TLS is not supported"), ("ws://h:0/ws", "bad port '0'"),
        ("ws://h:http/ws", "bad port 'http'"), ("ws:///ws", "no host"), ("ws://u@h/ws", "user names"),
        ("ws://[::1/ws", "unclosed '['"),
    ])
    func refusesBadURLsSayingWhy(text: String, reason: String) {
        #expect { try ClientURL(text, schemes: ["ws": 80]) } throws: { "\($0)".contains(reason) }
    }

    @Test func resolvesNumericAddressesAndLocalhostIPv4First() throws {
        #expect(try HostResolver.resolve("127.0.0.1", port: 80).map(\.numeric) == ["127.0.0.1"])
        #expect(try HostResolver.resolve("localhost", port: 80).first?.numeric == "127.0.0.1")
        #expect(throws: (any Error).self) { try HostResolver.resolve("no-such-host.invalid", port: 80) }
    }
}
