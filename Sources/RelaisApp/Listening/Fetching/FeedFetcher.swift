import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Fetches feeds without letting a URL reach what it should not: http and https only; every host
/// resolved first and every address checked (`AddressSafety`), then connected to that very
/// address (so a second DNS answer cannot differ); redirects followed by hand, each checked the
/// same way; at most 5 redirects, 5 MiB and 10 s in all. `allowPrivateNetwork` (the owner's
/// per-source override, for an intranet feed) lifts the address check only.
struct FeedFetcher: Sendable {
    /// The bounds of each fetch.
    var limits: FetchLimits = .standard
    /// How host names become addresses.
    var resolver: HostResolver = .system

    /// The header the fetcher introduces itself with.
    static let userAgent = "Relais feed reader (self-hosted community platform)"

    /// Fetches `url`; a conditional GET when `validators` are given.
    func fetch(_ url: URL, validators: FetchValidators = .none, allowPrivateNetwork: Bool = false) async throws(FetchFailure) -> FetchResult {
        let limits = self.limits
        do {
            return try await withThrowingTaskGroup(of: FetchResult.self) { group in
                group.addTask { try await follow(url, validators: validators, allowPrivateNetwork: allowPrivateNetwork) }
                group.addTask {
                    try await Task.sleep(for: limits.timeout)
                    throw Self.timedOut(limits)
                }
                defer { group.cancelAll() }
                guard let result = try await group.next() else { throw FetchFailure("timed_out", "The fetch was cancelled.") }
                return result
            }
        } catch let failure as FetchFailure {
            throw failure
        } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
            // The client's own per-request limits are the same as ours: whichever fires first, it is the time limit.
            throw Self.timedOut(limits)
        } catch {
            throw FetchFailure("connection", "The feed could not be fetched: \(Self.describe(error)).")
        }
    }

    /// The failure of a fetch that ran out of time.
    private static func timedOut(_ limits: FetchLimits) -> FetchFailure {
        FetchFailure("timed_out", "The server did not send the feed within \(limits.timeout.components.seconds) seconds.")
    }

    /// Follows redirects by hand, checking each address.
    private func follow(_ start: URL, validators: FetchValidators, allowPrivateNetwork: Bool) async throws -> FetchResult {
        var url = start
        var redirects = 0
        while true {
            let target = try await vettedTarget(url, allowPrivateNetwork: allowPrivateNetwork)
            switch try await request(url, connectingTo: target, validators: validators) {
            case .done(let result):
                return result
            case .redirect(let location):
                redirects += 1
                guard redirects <= limits.maxRedirects else {
                    throw FetchFailure("too_many_redirects", "The server redirected more than \(limits.maxRedirects) times (a redirect loop?).")
                }
                guard let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                    throw FetchFailure("invalid_url", "The server redirected to an address that is not a valid URL.")
                }
                url = next
            }
        }
    }

    /// The address to connect to for `url`, once the scheme and every resolved address are checked.
    /// Nil when the host is itself an IP address (nothing to pin).
    func vettedTarget(_ url: URL, allowPrivateNetwork: Bool) async throws -> NetworkAddress? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw FetchFailure("scheme_refused", "Only http and https addresses can be fetched (not \(url.scheme ?? "a relative address")).")
        }
        guard let host = url.host, !host.isEmpty else { throw FetchFailure("invalid_url", "The address has no host name.") }
        if let literal = NetworkAddress(host) {
            if !allowPrivateNetwork, let reason = AddressSafety.refusal(literal) {
                throw FetchFailure("address_refused", "\(literal) is not a public address (\(reason)): Relais only fetches feeds from public addresses.")
            }
            return nil
        }
        let addresses: [NetworkAddress]
        do {
            addresses = try await resolver.addresses(host)
        } catch let failure as HostResolver.Failure {
            throw FetchFailure("unresolved", "The host name \(host) could not be resolved (\(failure.message)).")
        }
        if !allowPrivateNetwork {
            // Every address must be public: a name that also resolves to a private address is refused.
            for address in addresses {
                if let reason = AddressSafety.refusal(address) {
                    throw FetchFailure("address_refused",
                                       "\(host) resolves to \(address), which is not a public address (\(reason)): Relais only fetches feeds from public addresses.")
                }
            }
        }
        return addresses.first
    }

    private enum Hop {
        case done(FetchResult)
        case redirect(String)
    }

    /// One request, connecting to `target` (the vetted address) while the URL, the Host header
    /// and TLS (server name and certificate) keep the host name.
    private func request(_ url: URL, connectingTo target: NetworkAddress?, validators: FetchValidators) async throws -> Hop {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(Int64(limits.timeout.components.seconds)), read: .seconds(Int64(limits.timeout.components.seconds))),
            decompression: .enabled(limit: .size(limits.maxBytes))
        )
        if let target, let host = url.host { configuration.dnsOverride = [host: target.description] }
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        do {
            let hop = try await send(url, client: client, validators: validators)
            try? await client.shutdown()
            return hop
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func send(_ url: URL, client: HTTPClient, validators: FetchValidators) async throws -> Hop {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "Accept", value: "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5")
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        if let etag = validators.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified = validators.lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        let response = try await client.execute(request, timeout: .seconds(Int64(limits.timeout.components.seconds)))
        let status = Int(response.status.code)
        switch status {
        case 304:
            return .done(.notModified)
        case 301, 302, 303, 307, 308:
            guard let location = response.headers.first(name: "Location") else {
                throw FetchFailure("http_status", "The server answered \(status) without saying where the feed moved.")
            }
            return .redirect(location)
        case 200..<300:
            let body: ByteBuffer
            do {
                body = try await response.body.collect(upTo: limits.maxBytes)
            } catch is NIOTooManyBytesError {
                throw FetchFailure("too_large", "The answer is larger than \(limits.maxBytes / 1024 / 1024) MiB.")
            }
            return .done(.fetched(FetchedDocument(
                body: Data(buffer: body), contentType: response.headers.first(name: "Content-Type"), url: url,
                validators: FetchValidators(etag: response.headers.first(name: "ETag"), lastModified: response.headers.first(name: "Last-Modified")))))
        default:
            throw FetchFailure("http_status", "The server answered \(status) \(response.status.reasonPhrase).")
        }
    }

    /// A short description of a transport error.
    private static func describe(_ error: any Error) -> String {
        if error is NIOTooManyBytesError { return "the answer is too large" }
        if let client = error as? HTTPClientError { return client.shortDescription }
        return String(describing: error).prefix(200).description
    }
}
