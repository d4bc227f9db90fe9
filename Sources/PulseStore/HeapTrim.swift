#if canImport(Glibc)
import Glibc
#endif

/// Gives freed heap memory back to the kernel (glibc's `malloc_trim(0)`, which releases the free
/// pages of every arena, not only the top of the main heap). A snapshot allocates and frees a
/// copy of the whole state on a thread of its own; glibc keeps such memory in that thread's
/// arena, so without this the resident size creeps up snapshot after snapshot although nothing
/// is in use. Called after each snapshot; any thread; takes a few milliseconds.
public enum HeapTrim {
    /// `malloc_trim`, looked up once (`<malloc.h>` is not part of Swift's Glibc module).
    private static let trim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()

    public static func releaseFreeMemory() {
        _ = trim?(0)
    }
}
