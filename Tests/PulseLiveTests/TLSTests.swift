import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

/// HTTPS through libwebsockets with a certificate the test makes (openssl CLI), checked by a
/// Python `ssl` client that verifies the certificate and offers h2 and http/1.1 over ALPN.
@Suite struct TLSTests {
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let client = """
        import socket, ssl, sys
        port, ca = int(sys.argv[1]), sys.argv[2]
        context = ssl.create_default_context(cafile=ca)
        context.set_alpn_protocols(["h2", "http/1.1"])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                tls.sendall(b"GET /healthz HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n")
                data = b""
                while True:
                    chunk = tls.recv(65536)
                    if not chunk: break
                    data += chunk
                    if b'"ok"' in data: break
                print(tls.selected_alpn_protocol(), tls.version())
                print(data.split(b"\\r\\n")[0].decode())
                print(data.split(b"\\r\\n\\r\\n", 1)[1].decode())
        """

    @Test func httpsWithAGeneratedCertificate() async throws {
        let directory = NSTemporaryDirectory() + "pulse-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let (certificate, key) = (directory + "/cert.pem", directory + "/key.pem")
        let made = try await DedicatedThread.run("openssl") {
            try Self.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
                                     "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"])
        }
        try #require(made.status == 0, "openssl failed: \(made.output)")
        let script = directory + "/client.py"
        try Self.client.write(toFile: script, atomically: true, encoding: .utf8)
        let (secure, plain) = try await LiveServer.with({ configuration in
            try configuration.set("server.tlsCert", text: certificate, source: "test")
            try configuration.set("server.tlsKey", text: key, source: "test")
        }) { server -> ((Int32, String), Int?) in
            let secure = try Self.run("python3", [script, String(server.port), certificate])
            let plain = try? server.http().get("/healthz", headers: []).status
            return ((secure.status, secure.output), plain)
        }
        #expect(secure.0 == 0, "\(secure.1)")
        let lines = secure.1.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("http/1.1 TLSv1.") == true, "ALPN must pick http/1.1: \(secure.1)")
        #expect(lines.dropFirst().first == "HTTP/1.1 200 OK")
        #expect(secure.1.contains(#"{"status":"ok"}"#))
        #expect(plain == nil, "plain HTTP on the TLS port must not be served")
    }

    @Test func missingKeyFileIsAClearError() async throws {
        await #expect(throws: (any Error).self) {
            try await LiveServer.with({ configuration in
                try configuration.set("server.tlsCert", text: "/nonexistent/cert.pem", source: "test")
                try configuration.set("server.tlsKey", text: "/nonexistent/key.pem", source: "test")
            }) { _ in }
        }
    }
}
