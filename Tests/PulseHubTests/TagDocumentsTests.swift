import Foundation
import Testing
@testable import PulseHub

@Suite struct TagDocumentsTests {
    @Test func csvReaderHandlesQuotesCommasNewlinesAndCRLF() throws {
        let text = "\u{FEFF}id,Hashtags,Text\r\n1,\"#AI #ML\",\"hello, \"\"world\"\"\nsecond line\"\r\n2,#café,plain\n\n"
        let table = try CSVReader.parse(text)
        #expect(table.header == ["id", "Hashtags", "Text"])
        #expect(table.rows == [["1", "#AI #ML", "hello, \"world\"\nsecond line"], ["2", "#café", "plain"]])
        #expect(table.rowLines == [2, 4])
        #expect(table.column(named: "hashtags") == 1)
    }

    @Test func csvReaderNamesTheBadLine() {
        #expect(throws: CSVReader.Failure(line: 3, reason: "2 fields, but the header has 3")) {
            try CSVReader.parse("a,b,c\n1,2,3\n4,5\n")
        }
        #expect(throws: CSVReader.Failure(line: 2, reason: "quoted field is never closed")) {
            try CSVReader.parse("a,b\n1,\"open\n")
        }
    }

    @Test func jsonLinesTakeArraysOrStrings() throws {
        let text = """
            {"hashtags": ["AI", "#ml"]}

            {"hashtags": "#café #日本", "text": "x"}
            {"text": "no field: tags come from #The #text", "hashtags": null}
            """
        #expect(try TagDocuments.fromJSONLines(text, field: "hashtags") == ["AI #ml", "#café #日本", "the text"])
        let crlf = "{\"hashtags\": [\"a\"]}\r\n\r\n{\"hashtags\": \"b c\"}\r\n"
        #expect(try TagDocuments.fromJSONLines(crlf, field: "hashtags") == ["a", "b c"])
    }

    @Test func badJSONLinesNameLineAndField() {
        #expect(throws: TagDocuments.Failure(description: "f line 2: no field 'tags' and no string 'text' to take hashtags from")) {
            try TagDocuments.fromJSONLines("{\"tags\": []}\n{\"body\": \"a\"}", field: "tags", path: "f")
        }
        #expect(throws: TagDocuments.Failure(description: "f line 1: not valid JSON: expected a member name at byte 1")) {
            try TagDocuments.fromJSONLines("{oops", field: "tags", path: "f")
        }
        #expect(throws: TagDocuments.Failure(description: "f line 1: expected a JSON object")) {
            try TagDocuments.fromJSONLines("[\"a\"]", field: "tags", path: "f")
        }
        #expect(throws: TagDocuments.Failure(description: "f line 1: field 'tags' must hold only strings")) {
            try TagDocuments.fromJSONLines("{\"tags\": [1]}", field: "tags", path: "f")
        }
    }

    @Test func loadsTheGoldenFixtureCSV() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Golden/clustering/fixture_posts.csv").path
        let documents = try TagDocuments.load(path: path)
        #expect(documents.count == 400)
        #expect(documents[0] == "#DataScience #LLM #MachineLearning")
        #expect(throws: TagDocuments.Failure.self) { try TagDocuments.load(path: path, column: "Nope") }
    }
}
