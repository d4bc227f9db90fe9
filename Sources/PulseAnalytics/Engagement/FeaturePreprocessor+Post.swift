/// The flat encoding of a live post: the model's columns filled once, in their fixed order,
/// straight from the post's fields (no per-post dictionary), giving the same row as
/// `encode(DataRecord(post:))`.
extension FeaturePreprocessor {
    /// Writes the encoded columns of `source` to `output` (`encodedCount` values).
    public func encode(_ source: PostFeatureSource, textSource: (any TextFeatureSource)?,
                       into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count == encodedCount, "row has \(output.count) columns, the model needs \(encodedCount)")
        var offset = 0
        for feature in features {
            feature.encode(source.rawValue(of: feature, textSource: textSource), into: output.baseAddress! + offset)
            offset += feature.encodedWidth
        }
    }
}

extension EngagementModel {
    /// The predicted target for a live post given as a `PostFeatureSource` (its precomputed
    /// hashtags and compound are reused); the row lives on the stack.
    public func predict(_ source: PostFeatureSource, textFeatures: (any TextFeatureSource)? = nil) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: preprocessor.encodedCount) { row in
            preprocessor.encode(source, textSource: textFeatures, into: row)
            return forest.predict(UnsafeBufferPointer(row))
        }
    }
}
