import Foundation
import PulseAnalytics
import PulseHub

/// Turns one input line of `pulse analyze --input` into its JSON output line: plain text, or
/// a JSON object with a "text" field when the line starts with '{'. A namespace of pure
/// functions, called from the worker threads.
enum LineAnalysis {
    static func append(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, analyzer: SentimentAnalyzer, to out: OutputBuffer) {
        if line.first == UInt8(ascii: "{") {
            switch text(ofJSONObject: line) {
            case .success(var text):
                text.withUTF8 { appendAnalysis($0, analyzer: analyzer, to: out) }
            case .failure(let message):
                var error: [UInt8] = []
                AnalysisJSON.appendLineError(line: lineNumber, message: message.description, to: &error)
                out.append(error)
            }
        } else if isValidUTF8(line) {
            appendAnalysis(line, analyzer: analyzer, to: out)
        } else {
            var error: [UInt8] = []
            AnalysisJSON.appendLineError(line: lineNumber, message: "line is not valid UTF-8", to: &error)
            out.append(error)
        }
    }

    private static func appendAnalysis(_ text: UnsafeBufferPointer<UInt8>, analyzer: SentimentAnalyzer, to out: OutputBuffer) {
        let sentiment = analyzer.scores(utf8: text)
        out.write(upTo: AnalysisJSON.maxAnalysisBytes(textCount: text.count)) {
            AnalysisJSON.writeAnalysis(text: text, sentiment: sentiment, to: $0)
        }
    }

    struct LineError: Error, CustomStringConvertible {
        let description: String
    }

    /// The "text" field of the JSON object on the line.
    static func text(ofJSONObject line: UnsafeBufferPointer<UInt8>) -> Result<String, LineError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return .failure(LineError(description: "invalid JSON object: \(error)"))
        }
        guard case .object(let fields) = value else {
            return .failure(LineError(description: "line starts with '{' but is not a JSON object"))
        }
        guard case .string(let text)? = fields["text"] else {
            return .failure(LineError(description: fields["text"] == nil ? "JSON object has no \"text\"" : "\"text\" is not a string"))
        }
        return .success(text)
    }

    /// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values above U+10FFFF).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return true }
        var index = UTF8Decoding.firstNonASCII(in: bytes)
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {  // back in ASCII: skip it eight bytes at a time
                index = UTF8Decoding.firstNonASCII(in: bytes, from: index)
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count, (low...high).contains(bytes[index + 1]) else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }
}
