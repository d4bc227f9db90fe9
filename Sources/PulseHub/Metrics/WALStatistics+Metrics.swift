import PulseStore

extension WALStatistics {
    /// The WAL's group-commit counters as `/metrics` shows them (Prometheus counters, since the
    /// log was opened by this process): records made durable, bytes written, batches the writer
    /// took, segment fsyncs.
    public var metricCounters: [(name: String, help: String, value: UInt64)] {
        [("pulse_wal_records_total", "Records made durable in the write-ahead log.", recordsWritten),
         ("pulse_wal_bytes_total", "Bytes written to write-ahead log segments (headers included).", bytesWritten),
         ("pulse_wal_batches_total", "Group commits: batches of queued records the WAL writer took.", batches),
         ("pulse_wal_fsyncs_total", "fsync calls on write-ahead log segments (directory syncs not counted).", fsyncs)]
    }
}
