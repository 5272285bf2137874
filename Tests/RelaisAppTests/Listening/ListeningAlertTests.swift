import Crypto
import Foundation
import HTTPTypes
import Testing
@testable import RelaisApp

@Suite("Listening alerts")
struct ListeningAlertTests {
    static let minute: Int64 = 60_000

    /// 24 baseline posts, one per hour (`negativeAt` of them negative), then `burst` posts in the last hour (`burstNegative` negative).
    static func posts(now: Int64, negativeAt: Set<Int>, burst: Int, burstNegative: Int, prefix: String = "p") -> [String] {
        var lines: [String] = []
        for hour in 1...24 {
            let text = negativeAt.contains(hour) ? ListeningPosts.negative(hour) : ListeningPosts.positive(hour)
            lines.append(ListeningPosts.line(id: "\(prefix)-base-\(hour)", text: text, at: now - (Int64(hour) * 60 + 30) * minute))
        }
        for index in 0..<burst {
            let text = index < burstNegative ? ListeningPosts.negative(100 + index) : ListeningPosts.positive(100 + index)
            lines.append(ListeningPosts.line(id: "\(prefix)-burst-\(index)", text: text, at: now - Int64(2 + 3 * index) * minute))
        }
        return lines
    }

    @Test("A spike opens one alert, evaluated on arrival; the webhook gets it signed, once after a 500 and a retry; the episode closes after the cool-down")
    func spikeWebhookAndEpisode() async throws {
        let world = try await TestWorld.make()
        let owner = try await ListeningAPITests.ownerKey(world)
        let log = WebhookReceiver.Log(statuses: [500, 200])
        let now = Clock.nowMillis()
        try await WebhookReceiver.run(log) { hook in
            let captured = Captured("")
            try await world.withServer { client in
                // Without the owner's override, a loopback webhook is refused when it is called (see below); with it, it is called.
                let webhook = try await client.api(.put, "/api/v1/listening/alert-webhook", key: owner, json: #"{"url":"\#(hook)","allowPrivateNetwork":true}"#)
                #expect(webhook.status == .ok, "\(webhook.text)")
                captured.value = try #require(webhook.json["secret"] as? String)
                #expect(try await client.api(.get, "/api/v1/listening/alert-webhook", key: world.keyA).json["secret"] == nil, "the secret is shown once")
                let query = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Malaxo","kind":"brand","query":"malaxo"}"#)
                let queryID = try #require(query.json["id"] as? Int)
                // Spike only: the negative test is silenced by an unreachable minimum volume.
                let settings = try await client.api(.put, "/api/v1/listening/queries/\(queryID)/alert-settings", key: world.keyA,
                                                    json: #"{"windowMinutes":60,"baselineWindows":24,"spikeMinCount":10,"spikeZ":3,"negativeMinCount":100000,"cooldownMinutes":60}"#)
                #expect(settings.status == .ok, "\(settings.text)")
                let imported = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA,
                                                    json: ListeningPosts.importBody(Self.posts(now: now, negativeAt: [], burst: 12, burstNegative: 0)))
                #expect(imported.json["newMentions"] as? Int == 36, "\(imported.text)")
                // Evaluated on arrival: 12 mentions in the last hour against 1 per hour before, z = (12 − 1)/√1 = 11.
                let alerts = try await client.api(.get, "/api/v1/listening/alerts?status=open", key: world.keyAnalystA)
                let items = try #require(alerts.json["items"] as? [[String: Any]], "\(alerts.text)")
                #expect(items.count == 1)
                #expect(items.first?["kind"] as? String == "volume_spike")
                #expect(items.first?["observed"] as? Int == 12)
                #expect(items.first?["expected"] as? Double == 1)
                #expect(items.first?["score"] as? Double == 11)
                #expect(items.first?["deliveryStatus"] as? String == "pending")
                #expect(try await client.api(.get, "/api/v1/listening/alerts", key: world.keyB).json["items"] as? [Any] != nil)
                #expect((try await client.api(.get, "/api/v1/listening/alerts", key: world.keyB).json["items"] as? [Any])?.isEmpty == true)
            }
            try await world.withDatabase { database in
                let services = try await FeedPollerTests.services(world, database: database)
                // Evaluated again a minute later, and again ten minutes later: still one alert (one episode, one alert).
                #expect(try await services.alertEvaluator.evaluate(now: now + Self.minute) == AlertEvaluator.Report())
                #expect(try await services.alertEvaluator.evaluate(now: now + 10 * Self.minute) == AlertEvaluator.Report(refreshed: 1))
                // The webhook answers 500 first: the attempt is recorded and the delivery waits 30 s.
                let first = Clock.nowMillis()
                #expect(try await services.alertDeliveries.deliverDue(now: first) == 1)
                #expect(log.count == 1)
                #expect(try await services.alertDeliveries.deliverDue(now: first + 29_000) == 0, "not before the back-off")
                #expect(try await services.alertDeliveries.deliverDue(now: first + 30_000) == 1)
                #expect(log.count == 2)
                #expect(try await services.alertDeliveries.deliverDue(now: first + 3_600_000) == 0, "delivered: never sent again")
                // Both requests were signed over "<t>.<body>" with the brand's secret, within the five minutes.
                for request in log.requests.withLock({ $0 }) {
                    let signature = try #require(request.signature)
                    #expect((try? PushSignature.verify(signature, body: Data(request.body.utf8), secret: captured.value, now: Clock.nowMillis() / 1_000).get()) != nil)
                    let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
                    #expect(body["event"] as? String == "listening.alert.opened")
                    #expect((body["alert"] as? [String: Any])?["observed"] as? Int == 12)
                }
                // Quiet for the cool-down (60 min) and the refresh step (5 min) after it last held: the episode closes.
                let quiet = try await services.alertEvaluator.evaluate(now: now + 3 * 60 * Self.minute)
                #expect(quiet == AlertEvaluator.Report(closed: 1))
            }
            try await world.withServer { client in
                let closed = try await client.api(.get, "/api/v1/listening/alerts?status=closed", key: world.keyA)
                let id = try #require((closed.json["items"] as? [[String: Any]])?.first?["id"] as? Int, "\(closed.text)")
                let alert = try await client.api(.get, "/api/v1/listening/alerts/\(id)", key: world.keyA)
                let delivery = try #require(alert.json["delivery"] as? [String: Any], "\(alert.text)")
                #expect(delivery["status"] as? String == "delivered")
                #expect(delivery["attempts"] as? Int == 2)
                #expect((delivery["history"] as? [[String: Any]])?.map { $0["statusCode"] as? Int } == [500, 200])
                #expect(try await client.api(.get, "/api/v1/listening/alerts/\(id)", key: world.keyB).status == .notFound)
                #expect(try await client.api(.post, "/api/v1/listening/alerts/\(id)/acknowledge", key: world.keyAnalystA).status == .forbidden)
                let acknowledged = try await client.api(.post, "/api/v1/listening/alerts/\(id)/acknowledge", key: world.keyA)
                #expect(acknowledged.json["acknowledgedBy"] as? String == "A", "\(acknowledged.text)")
            }
        }
    }

    @Test("A rise of the negative share opens an alert with its figures (9 of 12 against 2 of 24, z ≈ 4.09), shown on the listening page")
    func negativeRise() async throws {
        let world = try await TestWorld.make()
        let now = Clock.nowMillis()
        try await world.withServer { client in
            let query = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Malaxo","kind":"brand","query":"malaxo"}"#)
            let queryID = try #require(query.json["id"] as? Int)
            // The spike test is silenced by an unreachable minimum count.
            _ = try await client.api(.put, "/api/v1/listening/queries/\(queryID)/alert-settings", key: world.keyA, json: #"{"spikeMinCount":100000}"#)
            let imported = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA,
                                                json: ListeningPosts.importBody(Self.posts(now: now, negativeAt: [3, 7], burst: 12, burstNegative: 9)))
            #expect(imported.json["newMentions"] as? Int == 36, "\(imported.text)")
            let negative = try await client.api(.get, "/api/v1/listening/mentions?sentiment=negative&limit=100", key: world.keyA)
            #expect((negative.json["items"] as? [Any])?.count == 11, "the posts written negative are read as negative")
            let alerts = try await client.api(.get, "/api/v1/listening/alerts", key: world.keyA)
            let item = try #require((alerts.json["items"] as? [[String: Any]])?.first, "\(alerts.text)")
            #expect(item["kind"] as? String == "negative_share")
            #expect(item["negativeShare"] as? Double == 0.75)
            #expect(item["baselineShare"] as? Double == 0.083)
            #expect(item["score"] as? Double == 4.093)
            #expect(item["deliveryStatus"] == nil, "no webhook, no delivery")

            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let page = try await web.get("/listening")
            #expect(page.text.contains("id=\"alert-banner\""))
            #expect(page.text.contains("75 % de négatif sur 12 mentions en 60 min, contre 8 % avant (z = 4.1)"))
            let alertsPage = try await web.get("/listening/alerts")
            #expect(alertsPage.status == .ok)
            #expect(alertsPage.text.contains("Hausse du négatif"))
        }
    }

    @Test("Settings and the webhook refuse bad values with field errors; the webhook is checked like a feed when it is called")
    func validationAndSafety() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let query = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Fizz","query":"fizz"}"#)
            let queryID = try #require(query.json["id"] as? Int)
            let defaults = try await client.api(.get, "/api/v1/listening/queries/\(queryID)/alert-settings", key: world.keyAnalystA)
            #expect(defaults.json["windowMinutes"] as? Int == 60 && defaults.json["spikeZ"] as? Double == 3)
            let bad = try await client.api(.put, "/api/v1/listening/queries/\(queryID)/alert-settings", key: world.keyA, json: #"{"windowMinutes":2,"spikeZ":99}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(Set((bad.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []) == ["windowMinutes", "spikeZ"])
            #expect(try await client.api(.put, "/api/v1/listening/queries/\(queryID)/alert-settings", key: world.keyB, json: "{}").status == .notFound)
            #expect(try await client.api(.put, "/api/v1/listening/queries/\(queryID)/alert-settings", key: world.keyAnalystA, json: "{}").status == .forbidden)
            #expect(try await client.api(.get, "/api/v1/listening/alert-webhook", key: world.keyA).status == .notFound)
            #expect(try await client.api(.put, "/api/v1/listening/alert-webhook", key: world.keyA, json: #"{"url":"ftp://example.com"}"#).status == .unprocessableContent)
            #expect(try await client.api(.put, "/api/v1/listening/alert-webhook", key: world.keyA, json: "{}").status == .unprocessableContent)
            #expect(try await client.api(.put, "/api/v1/listening/alert-webhook", key: world.keyA,
                                         json: #"{"url":"http://127.0.0.1:9/hook","allowPrivateNetwork":true}"#).status == .forbidden)
            #expect(try await client.api(.put, "/api/v1/listening/alert-webhook", key: world.keyA, json: #"{"url":"http://127.0.0.1:9/hook"}"#).status == .ok)
        }
        // Without the override, the loopback address is refused before any connection, and the refusal is the attempt's error.
        let sender = AlertWebhookSender.live()
        let answer = await sender.send("http://127.0.0.1:9/hook", Data("{}".utf8), "t=0,v1=00", false)
        #expect(answer.statusCode == nil)
        #expect(answer.error?.contains("loopback") == true, "\(answer.error ?? "")")
        #expect(answer.error?.contains("calls webhooks") == true)
    }
}
