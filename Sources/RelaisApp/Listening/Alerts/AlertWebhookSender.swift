import AsyncHTTPClient
import Foundation
import NIOCore

/// Sends one alert body to a webhook URL with the feeds' safety rules: http or https only, every
/// resolved address public unless the owner's override, the connection made to the address that
/// was checked, no redirect followed, 10 s at most. A struct of one closure so that the delivery
/// job can be driven without a network in a test of its schedule.
struct AlertWebhookSender: Sendable {
    /// What came back: the status code, or why there was none.
    struct Answer: Sendable, Equatable {
        var statusCode: Int?
        var error: String?
        var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }
    }

    var send: @Sendable (_ url: String, _ body: Data, _ signature: String, _ allowPrivateNetwork: Bool) async -> Answer

    /// The real sender.
    static func live(fetcher: FeedFetcher = FeedFetcher()) -> AlertWebhookSender {
        AlertWebhookSender { url, body, signature, allowPrivate in
            guard let target = URL(string: url) else { return Answer(statusCode: nil, error: "The address is not a valid URL.") }
            let pinned: NetworkAddress?
            do {
                pinned = try await fetcher.vettedTarget(target, allowPrivateNetwork: allowPrivate)
            } catch let failure as FetchFailure {
                return Answer(statusCode: nil, error: failure.message.replacingOccurrences(of: "fetches feeds", with: "calls webhooks"))
            } catch {
                return Answer(statusCode: nil, error: "The address could not be checked.")
            }
            let seconds = Int64(fetcher.limits.timeout.components.seconds)
            var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                         timeout: .init(connect: .seconds(seconds), read: .seconds(seconds)))
            if let pinned, let host = target.host { configuration.dnsOverride = [host: pinned.description] }
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            var request = HTTPClientRequest(url: target.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Relais alerts (self-hosted community platform)")
            request.headers.add(name: PushSignature.header, value: signature)
            request.body = .bytes(ByteBuffer(data: body))
            let answer: Answer
            do {
                let response = try await client.execute(request, timeout: .seconds(seconds))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                let code = Int(response.status.code)
                answer = Answer(statusCode: code, error: (200..<300).contains(code) ? nil : "The webhook answered \(code) \(response.status.reasonPhrase).")
            } catch {
                answer = Answer(statusCode: nil, error: "The webhook could not be reached: \(String(describing: error).prefix(200)).")
            }
            try? await client.shutdown()
            return answer
        }
    }
}
