import Testing
@testable import PulseAnalytics

/// The one RFC 3339 parser: strict days, offsets and fractions, and its UTC formatter.
@Suite struct RFC3339Tests {
    @Test func parsesOffsetsAndFractions() {
        #expect(RFC3339.parse("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.parse("2024-02-29T23:59:59.5+01:00") == 1_709_247_599.5)
        #expect(RFC3339.parse("2000-03-01t00:00:00-00:30") == 951_870_600)
        #expect(RFC3339.parse("2000-03-01 00:00:00z") == 951_868_800)
        #expect(RFC3339.parse("1970-01-02T00:00:01.5Z") == 86_401.5)
        #expect(RFC3339.parse("2024-01-01T00:00:00+23:59") == 1_703_980_860)
        #expect(RFC3339.parse("1969-12-31T23:59:59Z") == -1)
        #expect(RFC3339.parse("2016-12-31T23:59:60Z") == 1_483_228_800, "a leap second is accepted")
    }

    @Test func knowsLeapYearsAndDaysPerMonth() {
        #expect(RFC3339.parse("2024-02-29T00:00:00Z") == 1_709_164_800)
        #expect(RFC3339.parse("2000-02-29T00:00:00Z") != nil, "divisible by 400: a leap year")
        #expect(RFC3339.parse("1900-02-29T00:00:00Z") == nil, "divisible by 100 only: not a leap year")
        #expect(RFC3339.parse("2023-02-29T00:00:00Z") == nil)
        #expect(RFC3339.parse("2024-04-31T00:00:00Z") == nil)
        #expect(RFC3339.parse("2024-12-31T00:00:00Z") != nil)
        #expect(RFC3339.parse("2024-12-32T00:00:00Z") == nil)
    }

    @Test(arguments: [
        "2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-01-00T00:00:00Z",
        "2024-01-01", "2024-01-01T00:00:00", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z", "2024-01-01T00:00:61Z",
        "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+01:60", "2024-01-01T00:00:00+0100",
        "2024-01-01T00:00:00Zjunk", "2024-1-01T00:00:00Z", "+2024-01-01T00:00:00Z", "2024-01-01X00:00:00Z", "x", "",
    ])
    func rejectsInvalidTimes(_ text: String) { #expect(RFC3339.parse(text) == nil) }

    @Test func formatsBackInUTC() {
        #expect(RFC3339.format(1_714_566_600.25) == "2024-05-01T12:30:00.250Z")
        #expect(RFC3339.format(-1) == "1969-12-31T23:59:59.000Z")
        #expect(RFC3339.parse(RFC3339.format(1_709_247_599.5)) == 1_709_247_599.5)
    }

    @Test func derivedTimeFeaturesUseTheSameParser() {
        func record(_ text: String) -> DataRecord { DataRecord(["created_at": .text(text)]) }
        #expect(DerivedFeature.seconds(.text("2024-02-29T21:00:00Z")) == RFC3339.parse("2024-02-29T21:00:00Z"))
        #expect(DerivedFeature.hourOfDay.value(of: record("2024-02-29T21:15:00Z"), source: nil) == .number(21))
        #expect(DerivedFeature.dayOfWeek.value(of: record("2024-02-29T21:15:00Z"), source: nil) == .number(3))  // Thursday
        for invalid in ["2024-02-30T10:00:00Z", "2023-02-29T10:00:00Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00+24:00"] {
            #expect(DerivedFeature.hourOfDay.value(of: record(invalid), source: nil) == nil, "\(invalid)")
            #expect(DerivedFeature.seconds(.text(invalid)) == nil)
        }
    }
}
