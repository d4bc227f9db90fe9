/// Copies of arrays in memory of their own, for the read-only tables of the scoring hot path
/// (read through plain pointers: no retain, release or bounds check per access). The caller
/// frees a copy with `deallocate()`. A namespace of functions.
enum RawCopy {
    /// A copy of `array` (at least one element of room, so that the pointer is never dangling).
    static func of<Element>(_ array: [Element]) -> UnsafePointer<Element> {
        let copy = UnsafeMutablePointer<Element>.allocate(capacity: max(array.count, 1))
        _ = UnsafeMutableBufferPointer(start: copy, count: array.count).initialize(from: array)
        return UnsafePointer(copy)
    }
}
