import Foundation

/// A level-triggered epoll set of descriptors, each tagged with an index. Swift's Glibc module
/// does not export sys/epoll.h, so the three calls are looked up with dlsym. Owned by the load
/// generator's single thread.
struct Epoll {
    private typealias Create = @convention(c) (Int32) -> Int32
    private typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    private typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer, Int32, Int32) -> Int32
    #if arch(x86_64)
    private static let eventSize = 12, dataOffset = 4  // struct epoll_event is packed on x86-64
    #else
    private static let eventSize = 16, dataOffset = 8
    #endif
    private let descriptor: Int32
    private let control: Control
    private let wait: Wait
    private let events: UnsafeMutableRawPointer
    private let capacity: Int32

    init(capacity: Int = 1024) {
        func symbol<T>(_ name: String, as type: T.Type) -> T {
            guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { fatalError("no \(name)") }
            return unsafeBitCast(address, to: type)
        }
        descriptor = symbol("epoll_create1", as: Create.self)(0)
        control = symbol("epoll_ctl", as: Control.self)
        wait = symbol("epoll_wait", as: Wait.self)
        self.capacity = Int32(capacity)
        events = UnsafeMutableRawPointer.allocate(byteCount: capacity * Self.eventSize, alignment: 8)
    }

    /// Watches `fd` for input, reporting it as `index`.
    func add(_ fd: Int32, index: Int) {
        var event = [UInt8](repeating: 0, count: Self.eventSize)
        event.withUnsafeMutableBytes {
            $0.storeBytes(of: UInt32(1), toByteOffset: 0, as: UInt32.self)  // EPOLLIN
            $0.storeBytes(of: UInt64(index), toByteOffset: Self.dataOffset, as: UInt64.self)
            _ = control(descriptor, 1, fd, $0.baseAddress)  // EPOLL_CTL_ADD
        }
    }

    /// Stops watching `fd`.
    func remove(_ fd: Int32) { _ = control(descriptor, 2, fd, nil) }  // EPOLL_CTL_DEL

    /// Waits up to `timeout` ms and returns the indices of the ready descriptors.
    func ready(timeout: Int32) -> [Int] {
        let count = wait(descriptor, events, capacity, timeout)
        guard count > 0 else { return [] }
        return (0..<Int(count)).map {
            Int(events.loadUnaligned(fromByteOffset: $0 * Self.eventSize + Self.dataOffset, as: UInt64.self))
        }
    }
}
