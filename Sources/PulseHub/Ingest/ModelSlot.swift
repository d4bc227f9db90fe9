import PulseAnalytics
import Synchronization

/// The engagement model currently used for live predictions, swappable at any moment from any
/// thread (a retrained model replaces the old one between two batches, without a pause). Each
/// model carries a version (a fingerprint of its file form, 0 for "no model") that scored WAL
/// records name.
public final class ModelSlot: Sendable {
    private let current: Mutex<(model: EngagementModel?, version: UInt64)>

    public init(_ model: EngagementModel? = nil) { current = Mutex((model, Self.version(of: model))) }

    public var model: EngagementModel? { current.withLock { $0.model } }

    /// The model and its version, read together (a batch is scored with one of them).
    public var versioned: (model: EngagementModel?, version: UInt64) { current.withLock { $0 } }

    public func replace(with model: EngagementModel?) {
        let version = Self.version(of: model)
        current.withLock { $0 = (model, version) }
    }

    /// FNV-1a (64 bits) of the model's JSON (sorted keys, so equal models share a version);
    /// never 0 for a model.
    static func version(of model: EngagementModel?) -> UInt64 {
        guard let model, let json = try? model.jsonData() else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in json { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash == 0 ? 1 : hash
    }
}
