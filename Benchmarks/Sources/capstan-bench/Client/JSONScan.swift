#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Reads the few fields the load generator needs straight from a frame's bytes.
///
/// Decoding every message with `JSONDecoder` would make the load generator the bottleneck at 1,000
/// or 10,000 clients. Searching for `"key":` is exact for this protocol: inside a JSON string a
/// quote is always escaped, so `"seq":` can only be a key.
struct JSONScan {
    let bytes: UnsafeRawBufferPointer

    /// The offset of `needle` in `bytes` at or after `from` (`memchr` for its first byte, then
    /// `memcmp`: Glibc's `memmem` is not visible to Swift without `_GNU_SOURCE`).
    private func find(_ needle: UnsafeRawPointer, count: Int, from: Int) -> Int? {
        guard count > 0, let base = bytes.baseAddress else { return nil }
        let first = Int32(needle.load(as: UInt8.self))
        var start = from
        while bytes.count - start >= count {
            guard let hit = memchr(base + start, first, bytes.count - start - count + 1) else { return nil }
            let offset = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + offset, needle, count) == 0 { return offset }
            start = offset + 1
        }
        return nil
    }

    /// The offset just after the first `needle` at or after `from`, or nil.
    func after(_ needle: StaticString, from: Int = 0) -> Int? {
        guard from < bytes.count else { return nil }
        return find(needle.utf8Start, count: needle.utf8CodeUnitCount, from: from).map { $0 + needle.utf8CodeUnitCount }
    }

    /// Whether `needle` occurs at all.
    func contains(_ needle: StaticString) -> Bool { after(needle) != nil }

    /// Whether the bytes hold `needle` given at run time (a container id).
    func contains(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return false }
        return needle.withUnsafeBytes { find($0.baseAddress!, count: needle.count, from: 0) } != nil
    }

    /// The unsigned integer starting at `offset` (digits only), and the offset after it.
    func integer(at offset: Int) -> (value: Int64, end: Int)? {
        var index = offset
        var value: Int64 = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            value = value * 10 + Int64(bytes[index] - 48)
            index += 1
        }
        return index == offset ? nil : (value, index)
    }

    /// The string value starting at `offset` (just after its opening quote), up to the closing quote.
    func string(at offset: Int) -> String? {
        var index = offset
        while index < bytes.count, bytes[index] != 34 { index += 1 }
        guard index < bytes.count else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<index]), as: UTF8.self)
    }
}
