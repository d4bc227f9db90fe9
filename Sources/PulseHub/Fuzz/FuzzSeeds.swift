/// Valid inputs the fuzzer starts from, one list per parser. Plain data.
enum FuzzSeeds {
    static let json: [String] = [
        #"{"id":"p1","text":"Loving the new #SwiftLang release! 🎉","author":"ann","platform":"x","likes":12,"followers":3400,"created_at":"2024-05-01T12:30:00Z"}"#,
        #"[{"text":"first #a #b","hashtags":["a","b"]},{"id":42,"text":"second","shares":1.5,"comments":0,"custom":-7.25}]"#,
        #"{"text":"caf\u00e9 \ud83d\ude00 \"quoted\" \\ back","platform":null,"created_at":"2024-02-29T23:59:59.123+05:30"}"#,
        #"[{"text":"x","metrics_only":1e3,"big":123456789012,"tiny":1e-7}]"#,
    ]

    static let ndjson: [String] = [
        "{\"id\":\"n1\",\"text\":\"line one #ndjson\"}\n{\"id\":\"n2\",\"text\":\"line two\",\"likes\":3}\n",
        "{\"text\":\"crlf line\"}\r\n\r\n{\"text\":\"after a blank\",\"hashtags\":[\"t\"]}",
    ]

    static let csv: [String] = [
        "id,text,hashtags,likes\np1,hello #csv,csv,3\np2,\"quoted, with comma\",,10\n",
        "text,author,created_at\r\n\"multi\nline \"\"quote\"\"\",bob,2024-01-01T00:00:00Z\r\nplain,ann,\r\n",
    ]

    static let subscribe: [String] = [
        ##"{"op":"subscribe","topics":["posts","alerts"],"filter":{"hashtags":["#Swift","ai"],"keywords":["Launch"]}}"##,
        #"{"op":"subscribe","recover":{"epoch":12345,"offset":678},"token":"abc.DEF-123"}"#,
        #"{"op":"subscribe","topics":null,"filter":null}"#,
    ]
}
