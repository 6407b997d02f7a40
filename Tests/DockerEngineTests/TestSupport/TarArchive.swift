import NIOCore

/// Writes a minimal ustar archive in memory: enough to import a root filesystem as an image.
enum TarArchive {
    /// An archive holding regular files (path → contents).
    static func make(_ files: [(String, String)]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for (path, contents) in files {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int, length: Int) {
                for (index, byte) in text.utf8.prefix(length).enumerated() { header[offset + index] = byte }
            }
            func octal(_ value: Int, length: Int) -> String {
                let digits = String(value, radix: 8)
                return String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits
            }
            let bytes = Array(contents.utf8)
            put(path, at: 0, length: 100)
            put(octal(0o644, length: 8), at: 100, length: 7)
            put(octal(0, length: 8), at: 108, length: 7)
            put(octal(0, length: 8), at: 116, length: 7)
            put(octal(bytes.count, length: 12), at: 124, length: 11)
            put(octal(1_700_000_000, length: 12), at: 136, length: 11)
            put("        ", at: 148, length: 8)
            header[156] = UInt8(ascii: "0")
            put("ustar", at: 257, length: 6)
            put("00", at: 263, length: 2)
            let checksum = header.reduce(0) { $0 + Int($1) }
            put(octal(checksum, length: 7) + "\0", at: 148, length: 8)
            buffer.writeBytes(header)
            buffer.writeBytes(bytes)
            buffer.writeBytes([UInt8](repeating: 0, count: (512 - bytes.count % 512) % 512))
        }
        buffer.writeBytes([UInt8](repeating: 0, count: 1024))
        return buffer
    }
}
