import Crypto
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Cryptographically secure random bytes, fetched from the system a few kilobytes at a time.
///
/// `SystemRandomNumberGenerator` makes one system call per 8 bytes; a share-link redirect
/// (a visitor id) or a public page (a form token) needs 16 bytes on every request, and a
/// 32-byte token made byte by byte cost 32 calls. The pool draws 4 KiB at once from the
/// kernel's generator (one read of `/dev/urandom`, the source `getrandom` also draws from) and
/// hands every byte out once, under a lock. (swift-crypto's random keys are made 8 bytes, one
/// system call, at a time: filling the pool with one cost 512 calls, 2.7% of the CPU of a
/// public page served from memory.)
enum RandomPool {
    private static let size = 4096

    private struct Pool {
        var bytes: [UInt8] = []
        var used = 0
    }

    private static let pool = Mutex(Pool())

    /// `count` random bytes.
    static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }

    /// Fills `buffer` with random bytes.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        var written = 0
        while written < buffer.count {
            pool.withLock { pool in
                if pool.used == pool.bytes.count {
                    pool.bytes = systemBytes(size)
                    pool.used = 0
                }
                let take = min(buffer.count - written, pool.bytes.count - pool.used)
                pool.bytes.withUnsafeBytes { source in
                    buffer.baseAddress!.advanced(by: written).copyMemory(from: source.baseAddress!.advanced(by: pool.used), byteCount: take)
                    // A byte handed out is never handed out again.
                    pool.used += take
                }
                written += take
            }
        }
    }

    /// `count` bytes from the kernel's generator in one read; should the device not be readable,
    /// from swift-crypto (the same generator, eight bytes per call).
    private static func systemBytes(_ count: Int) -> [UInt8] {
        #if canImport(Glibc)
        var bytes = [UInt8](repeating: 0, count: count)
        let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            defer { close(descriptor) }
            var filled = 0
            while filled < count {
                let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!.advanced(by: filled), count - filled) }
                if got > 0 { filled += got } else if got < 0 && errno == EINTR { continue } else { break }
            }
            if filled == count { return bytes }
        }
        #endif
        return SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { Array($0) }
    }

    /// A random 64-bit number.
    static func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return value
    }
}

/// A `RandomNumberGenerator` over `RandomPool`, for `random(in:using:)` and `randomElement(using:)`.
struct PooledRandomGenerator: RandomNumberGenerator {
    mutating func next() -> UInt64 { RandomPool.next() }
}
