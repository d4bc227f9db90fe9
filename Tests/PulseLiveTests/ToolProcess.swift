import Foundation
import PulseTesting

/// Runs an external program (found on PATH) to the end, with a deadline; returns its exit
/// status and everything it wrote to stdout and stderr.
func runTool(_ name: String, _ arguments: [String], timeout: Double = 60) throws -> (status: Int32, output: String, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let collected = CollectedOutput()
    let readers = DispatchGroup()
    for (pipe, isError) in [(output, false), (errors, true)] {
        readers.enter()
        DispatchQueue.global().async {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            collected.store(data, isError: isError)
            readers.leave()
        }
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        _ = readers.wait(timeout: .now() + 5)
        throw TestSocket.Failure(description: "\(name) did not finish in \(timeout) s")
    }
    process.waitUntilExit()
    _ = readers.wait(timeout: .now() + 5)
    let (out, err) = collected.texts
    return (process.terminationStatus, out, err)
}

/// The two output streams of a `runTool` child, filled by two reader threads.
private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var output = Data()
    private var errors = Data()

    func store(_ data: Data, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isError { errors = data } else { output = data }
    }

    var texts: (String, String) {
        lock.lock()
        defer { lock.unlock() }
        return (String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}
