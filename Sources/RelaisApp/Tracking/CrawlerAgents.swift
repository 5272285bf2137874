import Synchronization

/// Link-preview bots and crawlers, recognised by their user agent: they get the Open Graph
/// page of a share link instead of the redirect, and their visits are never counted.
enum CrawlerAgents {
    /// Lower-case substrings of the user agents of link-preview bots, search crawlers and
    /// common HTTP libraries. A missing or empty user agent counts as a bot too.
    static let substrings: [String] = [
        "facebookexternalhit", "facebookcatalog", "facebot", "twitterbot", "slackbot", "slack-imgproxy", "whatsapp",
        "telegrambot", "discordbot", "linkedinbot", "pinterestbot", "redditbot", "skypeuripreview", "microsoftpreview",
        "viber", "applebot", "googlebot", "google-inspectiontool", "googleother", "adsbot-google",
        "mediapartners-google", "bingbot", "bingpreview", "yandex", "baiduspider", "duckduckbot", "duckduckgo-favicons",
        "qwantify", "petalbot", "semrushbot", "ahrefsbot", "mj12bot", "dotbot", "embedly", "iframely", "outbrain",
        "quora link preview", "tumblr", "vkshare", "w3c_validator", "mastodon", "cardyb", "headlesschrome",
        "phantomjs", "curl/", "wget/", "python-requests", "python-urllib", "go-http-client", "okhttp", "java/", "libwww-perl",
        "bot/", "bot;", "crawler", "spider", "preview",
    ]

    /// The substrings as bytes, searched without Foundation: every person's redirect asks.
    private static let patterns: [[UInt8]] = substrings.map { Array($0.utf8) }

    /// Verdicts on the user agents seen lately: a handful of browsers' agents make most traffic.
    private static let verdicts = Mutex<[String: Bool]>([:])

    /// Whether the user agent belongs to a bot or crawler, remembered for agents seen before.
    static func isBot(userAgent: String?) -> Bool {
        guard let userAgent else { return true }
        if let known = verdicts.withLock({ $0[userAgent] }) { return known }
        let verdict = searchBot(userAgent: userAgent)
        verdicts.withLock { table in
            // Bounded: an agent made up for each request must not grow the table for ever.
            if table.count >= 10_000 { table.removeAll(keepingCapacity: true) }
            table[userAgent] = verdict
        }
        return verdict
    }

    /// Whether the user agent contains one of the substrings (ASCII case-insensitive).
    static func searchBot(userAgent: String) -> Bool {
        var bytes = Array(userAgent.utf8)
        var blank = true
        for index in bytes.indices {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { bytes[index] = byte + 32 }
            if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") { blank = false }
        }
        guard !blank else { return true }
        return patterns.contains { contains(bytes, $0) }
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var offset = 1
                while offset < needle.count && haystack[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }
}
