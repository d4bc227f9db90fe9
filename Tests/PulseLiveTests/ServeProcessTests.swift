import Foundation
import PulseAnalytics
import PulseHub
import PulseTesting
import Testing

@Suite struct ServeProcessTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func signalDrainsClosesWebSocketsWith1001AndExitsZero(signal: Int32) async throws {
        let outcome = await DedicatedThread.run("pulse-test") { () -> Result<(String, UInt16?, Int32?), Error> in
            Result {
                let server = try ServeProcess(arguments: ["--demo", "--demo-rate", "200"])
                let socket = try TestWebSocket(port: server.port)
                try subscribe(socket, topics: ["posts"])
                _ = try receive(socket) { !postIDs($0).isEmpty }
                let status = server.stop(signal: signal)
                var code: UInt16?
                while code == nil {
                    guard case .close(let closeCode, _) = try socket.receive(timeout: 10) else { continue }
                    code = closeCode
                }
                return (server.firstLine, code, status)
            }
        }
        let (firstLine, closeCode, status) = try outcome.get()
        #expect(firstLine.contains("listening on http://127.0.0.1:"))
        #expect(closeCode == 1001)
        #expect(status == 0)
    }

    @Test func badConfigurationStopsStartUpNamingTheKey() async throws {
        try await DedicatedThread.run("pulse-test") { try Self.badConfigurationStopsStartUp() }
    }

    static func badConfigurationStopsStartUp() throws {
        let process = Process()
        process.executableURL = ServeProcess.binary
        process.arguments = ["serve", "--port", "70000"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 2)
        #expect(text.contains("server.port"))
    }
}
