import Foundation
import PulseAnalytics
import PulseHub

/// `pulse analyze`: scores one text given on the command line, or a stream of texts (one per
/// line) from a file or standard input, printing one JSON object per text.
enum AnalyzeCommand: PulseCommand {
    static let name = "analyze"
    static let summary = "score texts (VADER sentiment) and print JSON"
    static let help = """
        usage: pulse analyze [OPTIONS] "TEXT"
               pulse analyze [OPTIONS] --input FILE|-

        Prints {"text":…,"sentiment":{"neg","neu","pos","compound","label"}} for the text (several
        words on the command line are joined with spaces). With --input, reads one text per line
        (a trailing CR is dropped; a line starting with '{' is a JSON object with a "text" field)
        and writes one JSON line per input line, in order. A line that cannot be read (bad JSON,
        no "text", invalid UTF-8) gives {"line":N,"error":"…"} instead. Memory stays constant.

        options:
          --input FILE|-      read texts from FILE, or from standard input with '-'
          --jobs N            worker threads for --input (default: all cores, \(ProcessInfo.processInfo.activeProcessorCount) here)
          --config-dir DIR    directory holding vader_lexicon.txt and emoji_utf8_lexicon.txt
                              (default: $PULSE_CONFIG_DIR, ./Config, or the source tree's Config)
          --help              show this help

        A progress line is written to standard error when it is a terminal.
        """

    static func run(_ arguments: [String]) async throws -> Int32 {
        let options = try CommandLineOptions(arguments, valueOptions: ["--input", "--jobs", "--config-dir"])
        let jobs = try options.int("--jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        let input = options.value("--input")
        if input != nil && !options.positionals.isEmpty {
            throw UsageError("give either a TEXT or --input, not both")
        }
        if input == nil && options.positionals.isEmpty {
            throw UsageError("missing TEXT (or --input FILE|-)")
        }
        let analyzer = try ConfigDirectory.loadSentimentAnalyzer(explicit: options.value("--config-dir"))

        guard let input else {
            var text = options.positionals.joined(separator: " ")
            var out: [UInt8] = []
            text.withUTF8 { AnalysisJSON.appendAnalysis(text: $0, sentiment: analyzer.scores(utf8: $0), to: &out) }
            out.append(UInt8(ascii: "\n"))
            try OutputFile.standardOutput.write(out)
            return ExitCode.success
        }
        let descriptor: Int32
        if input == "-" {
            descriptor = STDIN_FILENO
        } else {
            descriptor = open(input, O_RDONLY)
            guard descriptor >= 0 else {
                throw UsageError("cannot open --input '\(input)': \(String(cString: strerror(errno)))")
            }
        }
        defer { if descriptor != STDIN_FILENO { close(descriptor) } }
        let stream = AnalyzeStream(
            analyzer: analyzer, jobs: jobs, input: descriptor, output: .standardOutput, showProgress: isatty(STDERR_FILENO) == 1)
        // The stream blocks on reads, writes and concurrentPerform: never on the cooperative pool.
        try await DedicatedThread.run("pulse-analyze") { try stream.run() }
        return ExitCode.success
    }
}

/// A file descriptor written with `write(2)`, retrying partial writes. Used by one thread.
struct OutputFile {
    let descriptor: Int32
    static let standardOutput = OutputFile(descriptor: STDOUT_FILENO)

    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    func write(_ buffer: UnsafeRawBufferPointer) throws {
        guard buffer.count > 0 else { return }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw WriteError(description: "cannot write output: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }
}
