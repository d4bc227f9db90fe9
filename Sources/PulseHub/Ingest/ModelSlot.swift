import PulseAnalytics
import Synchronization

/// The engagement model currently used for live predictions, swappable at any moment from any
/// thread (a retrained model replaces the old one between two batches, without a pause).
public final class ModelSlot: Sendable {
    private let current: Mutex<EngagementModel?>

    public init(_ model: EngagementModel? = nil) { current = Mutex(model) }

    public var model: EngagementModel? { current.withLock { $0 } }

    public func replace(with model: EngagementModel?) { current.withLock { $0 = model } }
}
