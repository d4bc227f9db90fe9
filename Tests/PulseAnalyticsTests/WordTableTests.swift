@testable import PulseAnalytics
import Testing

/// `WordTable` lookups of keys longer than the eight bytes kept in a slot, whose rest is
/// compared eight bytes at a time: keys with the same first eight bytes and the same length
/// share probe chains, so each lookup must tell them apart by a later byte, in a whole
/// eight-byte chunk or in a last partial one.
@Suite struct WordTableTests {
    /// `prefix` followed by `index` written in `digits` letters (a...z).
    static func key(_ prefix: String, _ index: Int, digits: Int) -> String {
        var letters: [Character] = []
        var rest = index
        for _ in 0..<digits {
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(rest % 26))))
            rest /= 26
        }
        return prefix + String(letters)
    }

    @Test func keysSharingTheirFirstEightBytesAndLengthAreToldApart() {
        // 16 bytes: the 9th is the same in all, they differ in bytes 10-16 (one whole chunk);
        // 21 bytes: the same up to the 17th, they differ in bytes 18-21 (a partial chunk).
        let keys = (0..<1_000).map { Self.key("abcdefghX", $0, digits: 7) }
            + (0..<1_000).map { Self.key("abcdefghijklmnopq", $0, digits: 4) }
        var table = WordTable(expectedCount: keys.count)
        let ids = keys.map { table.insert($0) }
        #expect(Set(ids).count == keys.count)
        var wrong: [String] = []
        table.withLookup { lookup in
            for (key, id) in zip(keys, ids) where Self.lookUp(key, lookup) != id {
                wrong.append(key)
            }
            for absent in ["abcdefghXzzzzzzz", "abcdefghijklmnopqzzzz", "abcdefghX"] where Self.lookUp(absent, lookup) != 0 {
                wrong.append(absent)
            }
        }
        #expect(wrong.isEmpty, "looked up wrongly: \(wrong.prefix(10))")
    }

    /// The id of `word`, read from a copy followed by 8 bytes of `z` (a lookup may read them;
    /// they must not count).
    private static func lookUp(_ word: String, _ lookup: WordLookup) -> Int32 {
        let padded = Array(word.utf8) + [UInt8](repeating: UInt8(ascii: "z"), count: 8)
        return padded.withUnsafeBufferPointer { lookup.lookup($0.baseAddress!, count: word.utf8.count).id }
    }
}
