/// Which addresses a feed may be fetched from: only public unicast ones, so that a source URL
/// (or a redirect, or a DNS answer) cannot make Relais read the instance's own network —
/// loopback services, the cloud metadata endpoint, a router's admin page. Pure.
enum AddressSafety {
    /// Why an address is refused, for the source's status; nil when it is public.
    static func refusal(_ address: NetworkAddress) -> String? {
        address.isIPv4 ? refusal(ipv4: address.bytes) : refusal(ipv6: address.bytes)
    }

    /// True when Relais may connect to the address without the owner's intranet override.
    static func isPublic(_ address: NetworkAddress) -> Bool { refusal(address) == nil }

    /// IPv4 ranges of RFC 6890 and its updates that are not globally reachable unicast.
    private static let ipv4Blocks: [(prefix: [UInt8], bits: Int, name: String)] = [
        ([0, 0, 0, 0], 8, "“this network”"),
        ([10, 0, 0, 0], 8, "private"),
        ([100, 64, 0, 0], 10, "shared (carrier-grade NAT)"),
        ([127, 0, 0, 0], 8, "loopback"),
        ([169, 254, 0, 0], 16, "link-local"),
        ([172, 16, 0, 0], 12, "private"),
        ([192, 0, 0, 0], 24, "IETF protocol assignment"),
        ([192, 0, 2, 0], 24, "documentation"),
        ([192, 88, 99, 0], 24, "6to4 relay anycast"),
        ([192, 168, 0, 0], 16, "private"),
        ([198, 18, 0, 0], 15, "benchmarking"),
        ([198, 51, 100, 0], 24, "documentation"),
        ([203, 0, 113, 0], 24, "documentation"),
        ([224, 0, 0, 0], 4, "multicast"),
        ([240, 0, 0, 0], 4, "reserved or broadcast"),
    ]

    private static func refusal(ipv4 bytes: [UInt8]) -> String? {
        for block in ipv4Blocks where matches(bytes, block.prefix, bits: block.bits) {
            return "\(block.name) address"
        }
        return nil
    }

    private static func refusal(ipv6 bytes: [UInt8]) -> String? {
        // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses reach the IPv4 address inside them.
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return refusal(ipv4: Array(bytes[12..<16])).map { "IPv4-mapped \($0)" }
        }
        if matches(bytes, [0x00, 0x64, 0xff, 0x9b] + Array(repeating: 0, count: 8), bits: 96) {
            return refusal(ipv4: Array(bytes[12..<16])).map { "NAT64 \($0)" }
        }
        // 6to4 (2002:a.b.c.d::/48) tunnels to the IPv4 address in bytes 2–5.
        if bytes[0] == 0x20 && bytes[1] == 0x02 {
            return refusal(ipv4: Array(bytes[2..<6])).map { "6to4 \($0)" }
        }
        if bytes.allSatisfy({ $0 == 0 }) { return "unspecified address" }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return "loopback address" }
        if matches(bytes, [0xfe, 0x80], bits: 10) { return "link-local address" }
        if matches(bytes, [0xfc, 0x00], bits: 7) { return "unique local (private) address" }
        if matches(bytes, [0xfe, 0xc0], bits: 10) { return "site-local (private) address" }
        if bytes[0] == 0xff { return "multicast address" }
        // Outside 2000::/3 nothing is assigned as global unicast (this covers ::/96 IPv4-compatible and 100::/64 discard).
        guard bytes[0] & 0xe0 == 0x20 else { return "reserved address" }
        if matches(bytes, [0x20, 0x01, 0x0d, 0xb8], bits: 32) || matches(bytes, [0x3f, 0xff, 0x00], bits: 20) { return "documentation address" }
        // 2001::/23: IETF protocol assignments, among them Teredo tunnels (2001::/32).
        if matches(bytes, [0x20, 0x01, 0x00], bits: 23) { return "IETF protocol assignment" }
        return nil
    }

    /// Whether the first `bits` bits of `bytes` equal those of `prefix`.
    private static func matches(_ bytes: [UInt8], _ prefix: [UInt8], bits: Int) -> Bool {
        var remaining = bits
        var index = 0
        while remaining > 0 {
            guard index < bytes.count, index < prefix.count else { return false }
            let mask: UInt8 = remaining >= 8 ? 0xff : ~(0xff >> UInt8(remaining))
            if bytes[index] & mask != prefix[index] & mask { return false }
            remaining -= 8
            index += 1
        }
        return true
    }
}
