import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns a host name into the addresses it stands for. A struct of one closure so that a test
/// (or the command line) can swap it; the system one calls `getaddrinfo` on NIO's thread pool,
/// since it blocks.
struct HostResolver: Sendable {
    /// Every address the host resolves to, IPv4 and IPv6; throws when it resolves to none.
    let addresses: @Sendable (String) async throws -> [NetworkAddress]

    /// The operating system's resolver.
    static let system = HostResolver { host in
        try await NIOThreadPool.singleton.runIfActive { try lookUp(host) }
    }

    /// A failed resolution, with the resolver's own words.
    struct Failure: Error, Sendable {
        let message: String
    }

    private static func lookUp(_ host: String) throws -> [NetworkAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0, let first = list else {
            throw Failure(message: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(first) }
        var found: [NetworkAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let raw = entry.pointee.ai_addr {
                switch entry.pointee.ai_family {
                case AF_INET:
                    let bytes = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin_addr) { Array($0) }
                    }
                    if let address = NetworkAddress(bytes: bytes) { found.append(address) }
                case AF_INET6:
                    let bytes = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                        withUnsafeBytes(of: pointer.pointee.sin6_addr) { Array($0) }
                    }
                    if let address = NetworkAddress(bytes: bytes) { found.append(address) }
                default:
                    break
                }
            }
            cursor = entry.pointee.ai_next
        }
        var unique: [NetworkAddress] = []
        for address in found where !unique.contains(address) { unique.append(address) }
        guard !unique.isEmpty else { throw Failure(message: "no address") }
        return unique
    }
}
