import Foundation
import Testing
@testable import RelaisApp

@Suite("Which addresses a feed may be fetched from")
struct AddressSafetyTests {
    private func verdict(_ text: String) throws -> Bool {
        AddressSafety.isPublic(try #require(NetworkAddress(text), "\(text) parses"))
    }

    @Test("Public IPv4 and IPv6 unicast addresses are allowed")
    func publicAddresses() throws {
        for address in ["93.184.216.34", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4007:80e::200e",
                        "::ffff:93.184.216.34", "64:ff9b::808:808", "2002:5db8:d822::1"] {
            #expect(try verdict(address), "\(address) is public")
        }
    }

    @Test("Loopback, private, link-local, shared, reserved and documentation IPv4 ranges are refused")
    func privateIPv4() throws {
        for address in ["127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                        "100.64.0.1", "0.0.0.0", "192.0.2.10", "198.51.100.7", "203.0.113.9", "198.18.0.1", "224.0.0.251",
                        "255.255.255.255", "240.0.0.1", "192.0.0.8"] {
            #expect(try !verdict(address), "\(address) is refused")
        }
    }

    @Test("Loopback, unique-local, link-local, multicast, documentation and tunnelled private IPv6 addresses are refused")
    func privateIPv6() throws {
        for address in ["::1", "::", "fe80::1", "[fe80::1%eth0]", "fc00::1", "fd12:3456::1", "fec0::1", "ff02::1", "2001:db8::1",
                        "3fff::1", "2001::1", "100::1", "::127.0.0.1",
                        // Addresses that carry an IPv4 address: mapped, NAT64 and 6to4, each pointing inside.
                        "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "64:ff9b::7f00:1", "2002:7f00:1::1", "2002:c0a8:101::1"] {
            #expect(try !verdict(address), "\(address) is refused")
        }
    }

    @Test("Only dotted-quad IPv4 is an address literal; other spellings are host names, checked after resolution")
    func literals() {
        #expect(NetworkAddress("127.1") == nil)
        #expect(NetworkAddress("0x7f.0.0.1") == nil)
        #expect(NetworkAddress("localhost") == nil)
        #expect(NetworkAddress("[::1]")?.description == "::1")
        #expect(NetworkAddress("192.168.0.1")?.description == "192.168.0.1")
    }

    @Test("A host name resolving to a private address is refused, and so is one with any private address among public ones")
    func resolvedNames() async throws {
        let resolver = HostResolver { host in
            host == "mixed.example" ? [NetworkAddress("93.184.216.34")!, NetworkAddress("10.0.0.5")!] : [NetworkAddress("93.184.216.34")!]
        }
        let fetcher = FeedFetcher(resolver: resolver)
        await #expect(throws: FetchFailure.self) { try await fetcher.vettedTarget(URL(string: "https://mixed.example/feed")!, allowPrivateNetwork: false) }
        let pinned = try await fetcher.vettedTarget(URL(string: "https://news.example/feed")!, allowPrivateNetwork: false)
        #expect(pinned?.description == "93.184.216.34")
        await #expect(throws: FetchFailure.self) { try await fetcher.vettedTarget(URL(string: "ftp://news.example/feed")!, allowPrivateNetwork: false) }
        await #expect(throws: FetchFailure.self) { try await fetcher.vettedTarget(URL(string: "file:///etc/passwd")!, allowPrivateNetwork: true) }
    }
}
