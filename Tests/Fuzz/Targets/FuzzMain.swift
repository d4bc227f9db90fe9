import Foundation

/// `pulse-fuzz`: the libFuzzer targets of `make fuzz` (see FuzzTarget).
///
/// Built with `-D PULSE_FUZZ -sanitize=fuzzer,address` (the `fuzz` Makefile target), the binary is
/// a libFuzzer driver: `PULSE_FUZZ_TARGET=csv pulse-fuzz [libFuzzer flags] CORPUS_DIR`.
/// In the ordinary build it replays files instead: `pulse-fuzz TARGET FILE_OR_DIR...` feeds every
/// file to the target once (the seed corpus and regression inputs, without sanitizers).
#if PULSE_FUZZ
/// The target named by `PULSE_FUZZ_TARGET`, resolved on the first input.
nonisolated(unsafe) private var selected: FuzzTarget?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    if selected == nil {
        let name = ProcessInfo.processInfo.environment["PULSE_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("set PULSE_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: " "))")
        }
        selected = target
    }
    selected!.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
#else
@main
enum FuzzReplay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            FileHandle.standardError.write(Data("""
                usage: pulse-fuzz TARGET FILE_OR_DIR...   (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: " ")))
                replays inputs without sanitizers; `make fuzz` builds the libFuzzer driver\n
                """.utf8))
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("pulse-fuzz: cannot read \(file)\n".utf8))
                    exit(1)
                }
                target.run([UInt8](data))
                count += 1
            }
        }
        print("pulse-fuzz: \(target.rawValue): \(count) inputs replayed, no failure")
    }

    /// `path` itself, or the regular files directly inside it (sorted).
    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }.filter { !$0.hasSuffix("/.gitkeep") }
    }
}
#endif
