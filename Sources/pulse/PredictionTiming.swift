import Foundation
import PulseAnalytics

/// Prediction speed of a forest on given rows (each way repeated for about half a second).
/// Single-thread figures are also given per second of the thread's CPU time, which other
/// processes on a busy machine do not distort.
struct PredictionTiming: Encodable {
    let rows: Int
    let trees: Int
    /// One row at a time on one thread, as a live post is scored (wall clock, CPU time).
    let singleRowPerSecond: Double
    let singleRowPerCPUSecond: Double
    /// `RandomForest.predict(FeatureMatrix)`: blocks of rows on all cores.
    let batchRowsPerSecond: Double
    /// The same on the calling thread only (wall clock, CPU time).
    let batchRowsPerSecondOneThread: Double
    let batchRowsPerCPUSecondOneThread: Double

    enum CodingKeys: String, CodingKey {
        case rows, trees, singleRowPerSecond = "single_rows_per_second", batchRowsPerSecond = "batch_rows_per_second"
        case singleRowPerCPUSecond = "single_rows_per_cpu_second"
        case batchRowsPerSecondOneThread = "batch_rows_per_second_one_thread"
        case batchRowsPerCPUSecondOneThread = "batch_rows_per_cpu_second_one_thread"
    }

    /// Seconds of CPU time the calling thread has used.
    private static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func measure(_ forest: RandomForest, _ matrix: FeatureMatrix) -> PredictionTiming {
        /// Rows per wall-clock second and per CPU second of this thread.
        func rate(_ work: () -> Double) -> (wall: Double, cpu: Double) {
            var done = 0.0, sink = 0.0
            let start = ContinuousClock.now, cpuStart = threadCPUSeconds()
            var elapsed = 0.0
            while elapsed < 0.5 {
                sink += work()
                done += Double(matrix.rowCount)
                elapsed = (ContinuousClock.now - start) / .seconds(1)
            }
            precondition(sink.isFinite)
            return (done / elapsed, done / (threadCPUSeconds() - cpuStart))
        }
        let single = rate {
            var sum = 0.0
            matrix.values.withUnsafeBufferPointer { values in
                for row in 0..<matrix.rowCount {
                    sum += forest.predict(UnsafeBufferPointer(rebasing: values[(row * matrix.columnCount)..<((row + 1) * matrix.columnCount)]))
                }
            }
            return sum
        }
        let batch = rate { forest.predict(matrix).reduce(0, +) }
        let oneThread = rate { forest.predict(matrix, allCores: false).reduce(0, +) }
        return PredictionTiming(
            rows: matrix.rowCount, trees: forest.trees.count, singleRowPerSecond: single.wall,
            singleRowPerCPUSecond: single.cpu, batchRowsPerSecond: batch.wall,
            batchRowsPerSecondOneThread: oneThread.wall, batchRowsPerCPUSecondOneThread: oneThread.cpu)
    }
}

/// The report plus "timing", as `pulse train --timing` prints it.
struct ReportWithTiming: Encodable {
    let report: TrainingReport
    let timing: PredictionTiming

    func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(timing, forKey: Key(stringValue: "timing")!)
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
