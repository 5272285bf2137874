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

    /// Whether the user agent belongs to a bot or crawler.
    static func isBot(userAgent: String?) -> Bool {
        guard let userAgent, !userAgent.trimmingCharacters(in: .whitespaces).isEmpty else { return true }
        let lowered = userAgent.lowercased()
        return substrings.contains { lowered.contains($0) }
    }
}
