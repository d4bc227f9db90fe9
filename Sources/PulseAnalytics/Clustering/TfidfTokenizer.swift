/// The token rule of scikit-learn's `TfidfVectorizer()` defaults: lower-case the document
/// (Unicode lower-casing as Python's `str.lower()`, final sigma included), then take every maximal run of two or more word characters
/// (`(?u)\b\w\w+\b`, where `\w` is a letter, a numeral or `_`, as in Python's `re`; combining
/// marks are not word characters there). Stateless; safe to use from any thread.
public enum TfidfTokenizer {
    /// The tokens of `document`, in order, repeats kept.
    public static func tokens(of document: String) -> [String] {
        var tokens: [String] = []
        appendTokens(of: document, to: &tokens)
        return tokens
    }

    /// The tokens of a post's hashtags joined by spaces (the clustering document of a post).
    public static func tokens(ofTags tags: [String]) -> [String] {
        var tokens: [String] = []
        for tag in tags {
            if isSingleASCIIToken(tag) { tokens.append(tag) } else { appendTokens(of: tag, to: &tokens) }
        }
        return tokens
    }

    /// Appends the tokens of `document` to `tokens`.
    public static func appendTokens(of document: String, to tokens: inout [String]) {
        let lowered = isLowerASCII(document) ? document : UTF8Scanner.pythonLowercased(document)
        lowered.withUTF8Bytes { bytes in
            var index = 0
            while index < bytes.count {
                var (scalar, length) = UTF8Scanner.scalar(in: bytes, at: index)
                guard UTF8Scanner.isPythonWord(scalar) else { index += length; continue }
                let start = index
                var scalars = 0
                while UTF8Scanner.isPythonWord(scalar) {
                    scalars += 1
                    index += length
                    guard index < bytes.count else { break }
                    (scalar, length) = UTF8Scanner.scalar(in: bytes, at: index)
                }
                if scalars >= 2 {
                    tokens.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                }
            }
        }
    }

    /// True when `text` is already lower-case ASCII (lower-casing would not change it).
    private static func isLowerASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 && !($0 >= 0x41 && $0 <= 0x5A) }
    }

    /// True when `tag` is two or more lower-case ASCII letters, digits or `_`: its own single token.
    private static func isSingleASCIIToken(_ tag: String) -> Bool {
        var count = 0
        for byte in tag.utf8 {
            let isWord = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
            guard isWord else { return false }
            count += 1
        }
        return count >= 2
    }
}
