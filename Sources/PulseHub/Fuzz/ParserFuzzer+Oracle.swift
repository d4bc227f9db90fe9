extension ParserFuzzer {
    /// Why `input` breaks `target`'s round trip (accepted, re-encoded, parsed again, compared),
    /// or nil when it is rejected cleanly or survives unchanged. The libFuzzer targets
    /// (`make fuzz`) use this as their oracle.
    public func inconsistency(in input: [UInt8], for target: Target) -> String? {
        if case .inconsistent(let why) = check(target, input) { return why }
        return nil
    }
}
