import Foundation
import PulseHub
import PulseTesting
import Synchronization

/// A `pulse` child process (subscribe or post) whose stdout lines and stderr text are collected
/// by reader threads, for CLI tests. Killed on deinit if still running.
final class CLIProcess: @unchecked Sendable {
    let process = Process()
    private let output = Pipe()
    private let errors = Pipe()
    private final class Collected: Sendable {
        let state = Mutex<(lines: [String], partial: [UInt8], errors: [UInt8], outputClosed: Bool, outputDone: Bool, errorsDone: Bool)>(([], [], [], false, false, false))
        func withLock<R>(_ body: (inout (lines: [String], partial: [UInt8], errors: [UInt8], outputClosed: Bool, outputDone: Bool, errorsDone: Bool)) -> R) -> R {
            state.withLock { body(&$0) }
        }
    }
    private let collected = Collected()

    /// Starts `pulse ARGUMENTS`; `input` (if given) is written to its stdin, which is then closed.
    init(_ arguments: [String], input: FileHandle? = nil) throws {
        process.executableURL = ServeProcess.binary
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        let outputDescriptor = output.fileHandleForReading.fileDescriptor
        let errorDescriptor = errors.fileHandleForReading.fileDescriptor
        Thread.detachNewThread { [collected] in
            Self.readAll(outputDescriptor, stop: { collected.withLock { $0.outputClosed } }) { chunk in
                collected.withLock { state in
                    state.partial.append(contentsOf: chunk)
                    while let newline = state.partial.firstIndex(of: 0x0A) {
                        state.lines.append(String(decoding: state.partial[..<newline], as: UTF8.self))
                        state.partial.removeSubrange(...newline)
                    }
                }
            }
            collected.withLock { $0.outputClosed = true; $0.outputDone = true }
        }
        Thread.detachNewThread { [collected] in
            Self.readAll(errorDescriptor, stop: { false }) { chunk in collected.withLock { $0.errors.append(contentsOf: chunk) } }
            collected.withLock { $0.errorsDone = true }
        }
    }

    /// Reads `descriptor` until end of file (or `stop()`), handing each chunk to `consume`.
    private static func readAll(_ descriptor: Int32, stop: () -> Bool, consume: ([UInt8]) -> Void) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while !stop() {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { continue }
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            consume(Array(chunk[..<count]))
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var lines: [String] { collected.withLock { $0.lines } }
    var errorText: String { collected.withLock { String(decoding: $0.errors, as: UTF8.self) } }

    /// Every stdout line parsed as JSON (a line that is not JSON is a test failure).
    func messages() throws -> [JSONValue] {
        try lines.map { line in
            do { return try JSONParser.parse(Array(line.utf8)) } catch {
                throw TestSocket.Failure(description: "stdout line is not JSON: \(line)")
            }
        }
    }

    /// Waits until `condition` holds for the parsed stdout lines; throws on time-out.
    @discardableResult
    func waitFor(_ what: String, timeout: Double = 15, _ condition: ([JSONValue]) -> Bool) throws -> [JSONValue] {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let messages = try self.messages()
            if condition(messages) { return messages }
            usleep(20_000)
        }
        throw TestSocket.Failure(description: "timed out waiting for \(what); stdout:\n\(lines.suffix(5).joined(separator: "\n").prefix(2000))\nstderr:\n\(errorText.suffix(2000))")
    }

    /// Waits for the exit (after all output was read) and returns the status, nil on time-out.
    func exitStatus(timeout: Double = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !process.isRunning && collected.withLock({ $0.outputDone && $0.errorsDone }) { return process.terminationStatus }
            usleep(10_000)
        }
        return nil
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Closes the parent's end of the stdout pipe, as `| head -1` does after its line.
    func closeOutput() {
        collected.withLock { $0.outputClosed = true }
        while !collected.withLock({ $0.outputDone }) { usleep(10_000) }
        try? output.fileHandleForReading.close()
    }
}

/// Runs `pulse ARGUMENTS` to the end; returns its exit status, stdout and stderr.
func runPulse(_ arguments: [String], timeout: Double = 120) throws -> (status: Int32, output: String, errors: String) {
    let child = try CLIProcess(arguments)
    guard let status = child.exitStatus(timeout: timeout) else {
        child.signal(SIGKILL)
        throw TestSocket.Failure(description: "pulse \(arguments.joined(separator: " ")) did not finish in \(timeout) s")
    }
    return (status, child.lines.joined(separator: "\n"), child.errorText)
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound, then released).
func unusedPort() -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The (epoch, offset) of a snapshot or delta message.
func position(_ message: JSONValue) -> (epoch: UInt64, offset: UInt64) {
    (uint(message["epoch"]), uint(message["offset"]))
}

func op(_ message: JSONValue) -> String { message["op"]?.stringValue ?? "" }
