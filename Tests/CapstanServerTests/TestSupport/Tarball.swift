import NIOCore

/// A minimal ustar archive written by hand: one regular file, then the two zero blocks that end it.
///
/// Enough for the engine to import as a one-layer image, without a tar tool or a container export.
enum Tarball {
    static func singleFile(named name: String, contents: String) -> ByteBuffer {
        let data = Array(contents.utf8)
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int) {
            for (index, byte) in text.utf8.enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: width - 1 - digits.count) + digits  // then the NUL already there
        }
        precondition(name.utf8.count < 100, "ustar names are at most 99 bytes here")
        put(name, at: 0)
        put(octal(0o644, width: 8), at: 100)  // mode
        put(octal(0, width: 8), at: 108)  // uid
        put(octal(0, width: 8), at: 116)  // gid
        put(octal(data.count, width: 12), at: 124)  // size
        put(octal(1_700_000_000, width: 12), at: 136)  // mtime
        put("0", at: 156)  // typeflag: regular file
        put("ustar\u{0}00", at: 257)  // magic and version
        put("root", at: 265)  // uname
        put("root", at: 297)  // gname
        // The checksum is the byte sum with its own field read as eight spaces: six octal digits, NUL, space.
        put("        ", at: 148)
        let sum = header.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7) + "\u{0} ", at: 148)

        var buffer = ByteBuffer()
        buffer.writeBytes(header)
        buffer.writeBytes(data)
        buffer.writeRepeatingByte(0, count: (512 - data.count % 512) % 512)
        buffer.writeRepeatingByte(0, count: 1024)
        return buffer
    }
}
