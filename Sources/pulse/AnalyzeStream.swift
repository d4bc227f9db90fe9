import Dispatch
import Foundation
import PulseAnalytics
import PulseHub

/// The engine of `pulse analyze --input`: reads lines in blocks (see `blockSize`), scores each
/// block's lines on `jobs` threads, and writes their JSON lines in input order before reading
/// on, so memory stays constant however long the input is. Run by a dedicated thread; the
/// worker threads only read the shared analyzer and write their own output slots.
struct AnalyzeStream {
    let analyzer: SentimentAnalyzer
    let jobs: Int
    let input: Int32
    let output: OutputFile
    let showProgress: Bool

    /// Bytes read at a time. One job reads 64 KiB, so that a block's text and its JSON lines
    /// stay in the core's cache beside the lexicon's tables (1 MiB blocks pushed them out).
    /// Several jobs read 1 MiB, so that the hand-off to the workers and the wait for the
    /// slowest part of a block are paid rarely (64 KiB per job was slower in wall-clock time).
    var blockSize: Int { jobs == 1 ? 1 << 16 : 1 << 20 }

    func run() throws {
        var pending: [UInt8] = []
        pending.reserveCapacity(blockSize * 2)
        var nextLineNumber = 1
        var finished = false
        // Reused from block to block: fresh memory would be page-faulted in again every time.
        var outputs: [OutputBuffer] = []
        let started = DispatchTime.now().uptimeNanoseconds
        while !finished {
            finished = try readBlock(appendingTo: &pending) == 0
            let end = finished ? pending.count : (pending.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)
            guard end > 0 else { continue }
            let lines = pending.withUnsafeBufferPointer { Self.lineRanges(UnsafeBufferPointer(rebasing: $0[0..<end])) }
            let partCount = pending.withUnsafeBufferPointer {
                analyzeInParallel($0, lines: lines, firstLineNumber: nextLineNumber, into: &outputs)
            }
            for part in outputs[..<partCount] { try output.write(UnsafeRawBufferPointer(part.bytes)) }
            nextLineNumber += lines.count
            pending.removeFirst(end)
            if showProgress {
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                let rate = Int(Double(nextLineNumber - 1) / max(seconds, 1e-9))
                printProgress("\r\(nextLineNumber - 1) lines analysed, \(rate) lines/s" + (finished ? "\n" : ""))
            }
        }
    }

    /// Reads up to one block, appending it; returns the number of bytes read (0 at the end).
    private func readBlock(appendingTo pending: inout [UInt8]) throws -> Int {
        let oldCount = pending.count
        pending.append(contentsOf: repeatElement(0, count: blockSize))
        var count = 0
        while true {
            count = pending.withUnsafeMutableBytes { read(input, $0.baseAddress! + oldCount, blockSize) }
            if count >= 0 || errno != EINTR { break }
        }
        pending.removeLast(blockSize - max(count, 0))
        guard count >= 0 else {
            throw OutputFile.WriteError(description: "cannot read input: \(String(cString: strerror(errno)))")
        }
        return count
    }

    /// The lines of `text` (without their "\n"); a final line needs no "\n".
    static func lineRanges(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        while start < text.count {
            let found = memchr(text.baseAddress! + start, 0x0A, text.count - start)
            let end = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(text.baseAddress!) } ?? text.count
            lines.append(start..<end)
            start = end + 1
        }
        return lines
    }

    /// Scores `lines` on up to `jobs` threads, writing the JSON lines to the first parts of
    /// `outputs` (added as needed, emptied before use); returns how many parts hold them.
    private func analyzeInParallel(
        _ text: UnsafeBufferPointer<UInt8>, lines: [Range<Int>], firstLineNumber: Int, into outputs: inout [OutputBuffer]
    ) -> Int {
        let partCount = max(1, jobs == 1 ? 1 : min(lines.count, jobs * 8))
        let linesPerPart = (lines.count + partCount - 1) / partCount
        while outputs.count < partCount { outputs.append(OutputBuffer(capacity: linesPerPart * 256)) }
        guard partCount > 1 else {
            analyze(text, lines: lines[...], firstLineNumber: firstLineNumber, to: outputs[0])
            return 1
        }
        let box = ParallelWork(text: text, outputs: outputs)
        let workers = min(jobs, partCount)
        CooperativePool.concurrentPerform("pulse analyze", iterations: workers) { worker in
            for part in stride(from: worker, to: partCount, by: workers) {
                let first = min(part * linesPerPart, lines.count)
                let last = min(first + linesPerPart, lines.count)
                analyze(box.text, lines: lines[first..<last], firstLineNumber: firstLineNumber + first, to: box.outputs[part])
            }
        }
        return partCount
    }

    /// Replaces the contents of `out` with the JSON lines for `lines` of `text`.
    private func analyze(_ text: UnsafeBufferPointer<UInt8>, lines: ArraySlice<Range<Int>>, firstLineNumber: Int, to out: OutputBuffer) {
        out.removeAll()
        for (offset, range) in lines.enumerated() {
            var line = UnsafeBufferPointer(rebasing: text[range])
            if line.last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
            LineAnalysis.append(line, lineNumber: firstLineNumber + offset, analyzer: analyzer, to: out)
            out.append(UInt8(ascii: "\n"))
        }
    }

    private func printProgress(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// The input and output buffers shared with the worker threads of one block: each worker
/// writes only its own parts' buffers, and the block's input is not changed meanwhile.
private struct ParallelWork: @unchecked Sendable {
    let text: UnsafeBufferPointer<UInt8>
    let outputs: [OutputBuffer]
}
