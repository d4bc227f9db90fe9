import PulseAnalytics

/// Builds the JSON object that `pulse analyze` prints and `POST /api/analyze` returns, as
/// UTF-8 bytes appended to a caller-owned buffer (no intermediate strings). A namespace of
/// pure functions, safe from any thread.
public enum AnalysisJSON {
    /// Appends `{"text":…,"sentiment":{"neg":…,"neu":…,"pos":…,"compound":…,"label":…},
    /// "hashtags":[…],"cluster":null,"engagement":null}`: the shape of `POST /api/analyze`, whose
    /// cluster and engagement need the live server (its clusters and model).
    public static func appendAnalysis(text: UnsafeBufferPointer<UInt8>, sentiment: SentimentScores, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxAnalysisBytes(textCount: text.count)) { buffer in
            let count = writeAnalysis(text: text, sentiment: sentiment, to: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: count))
        }
    }

    /// Most bytes `writeAnalysis` writes for a text of `count` bytes.
    public static func maxAnalysisBytes(textCount count: Int) -> Int {
        JSONByteWriter.maxStringBytes(count) + JSONByteWriter.maxSentimentBytes + JSONByteWriter.maxHashtagBytes(count) + 96
    }

    /// Writes the object of `appendAnalysis` to `destination`, which must have room for
    /// `maxAnalysisBytes(textCount: text.count)` bytes; returns the number of bytes written.
    public static func writeAnalysis(text: UnsafeBufferPointer<UInt8>, sentiment: SentimentScores, to destination: UnsafeMutablePointer<UInt8>) -> Int {
        var writer = JSONByteWriter(destination)
        writer.literal(#"{"text":"#)
        writer.string(text)
        writer.literal(#","sentiment":"#)
        writer.sentiment(sentiment)
        writer.literal(#","hashtags":["#)
        let tagsStart = writer.cursor
        if !writer.asciiHashtags(of: text) {
            // A tag has non-ASCII letters: the extractor decides (Unicode classes and case).
            writer = JSONByteWriter(tagsStart)
            let tags = HashtagExtractor.hashtags(of: Post(text: String(decoding: text, as: UTF8.self)))
            // Lower-casing makes a code point at most 1.5 times longer, so the tags fit in
            // maxHashtagBytes; checked anyway, since the memory is the caller's.
            let room = tags.reduce(0) { $0 + JSONByteWriter.stringBytes($1) + 1 }
            precondition(room <= JSONByteWriter.maxHashtagBytes(text.count) + 1, "hashtags exceed their room")
            for (index, tag) in tags.enumerated() {
                if index > 0 { writer.byte(UInt8(ascii: ",")) }
                var tag = tag
                tag.withUTF8 { writer.string($0) }
            }
        }
        writer.literal(#"],"cluster":null,"engagement":null}"#)
        return destination.distance(to: writer.cursor)
    }

    /// Appends `{"neg":…,"neu":…,"pos":…,"compound":…,"label":"…"}`.
    public static func appendSentiment(_ scores: SentimentScores, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JSONByteWriter.maxSentimentBytes) { buffer in
            var writer = JSONByteWriter(buffer.baseAddress!)
            writer.sentiment(scores)
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: buffer.baseAddress!.distance(to: writer.cursor)))
        }
    }

    /// Appends `{"line":N,"error":"…"}`, the output for an input line that could not be analysed.
    public static func appendLineError(line: Int, message: String, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"line":"#.utf8)
        out.append(contentsOf: String(line).utf8)
        out.append(contentsOf: #","error":"#.utf8)
        var message = message
        message.withUTF8 { appendString($0, to: &out) }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends `bytes` (valid UTF-8) as a JSON string: quotes, backslashes and control
    /// characters escaped as Python's `json.dumps` escapes them, everything else copied.
    public static func appendString(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JSONByteWriter.maxStringBytes(bytes.count)) { buffer in
            var writer = JSONByteWriter(buffer.baseAddress!)
            writer.string(bytes)
            out.append(contentsOf: UnsafeBufferPointer(start: buffer.baseAddress!, count: buffer.baseAddress!.distance(to: writer.cursor)))
        }
    }

    /// Index of the first quote, backslash or control character at or after `start` (or
    /// `bytes.count`), testing eight bytes at a time.
    @inline(__always)
    static func firstByteToEscape(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        var index = start
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let quotes = word ^ (ones &* 0x22)
            let backslashes = word ^ (ones &* 0x5C)
            // Non-zero when some byte is below 0x20, or (after the xor) zero.
            let control = (word &- ones &* 0x20) & ~word
            let quote = (quotes &- ones) & ~quotes
            let backslash = (backslashes &- ones) & ~backslashes
            if (control | quote | backslash) & highBits != 0 { break }
            index += 8
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }

    /// Appends a value already rounded to `decimals` places in its shortest round-trip form
    /// (the same digits as Swift's `description` and Python's `repr`), without formatting
    /// through a string: e.g. 0.5 -> `0.5`, 1 -> `1.0`, -0.0 -> `-0.0`, 0.4767 -> `0.4767`.
    public static func appendRounded(_ value: Double, decimals: Int, to out: inout [UInt8]) {
        // Constant powers let the compiler replace the divisions below by multiplications.
        switch decimals {
        case 3: appendRounded(value, decimals: 3, power: 1_000, to: &out)
        case 4: appendRounded(value, decimals: 4, power: 10_000, to: &out)
        default:
            var power: UInt64 = 1
            for _ in 0..<decimals { power *= 10 }
            appendRounded(value, decimals: decimals, power: power, to: &out)
        }
    }

    @inline(__always)
    private static func appendRounded(_ value: Double, decimals: Int, power: UInt64, to out: inout [UInt8]) {
        let scale = Double(power)
        let scaled = (value.magnitude * scale).rounded()
        guard value.isFinite, scaled < 1e15, scaled / scale == value.magnitude else {
            out.append(contentsOf: value.description.utf8)  // not a rounded value: general path
            return
        }
        if value.sign == .minus { out.append(UInt8(ascii: "-")) }
        let units = UInt64(scaled)
        let whole = units / power
        if whole < 10 { out.append(0x30 + UInt8(whole)) } else { out.append(contentsOf: String(whole).utf8) }
        out.append(UInt8(ascii: "."))
        var fraction = units % power
        if fraction == 0 {
            out.append(0x30)
            return
        }
        var divisor = power / 10
        while fraction % 10 == 0 {
            fraction /= 10
            divisor /= 10
        }
        while divisor > 0 {
            out.append(0x30 + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }
}
