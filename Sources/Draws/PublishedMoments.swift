/// A prize of an instant win as published: its name and how many moments give it (docs/DRAWS.md §9, §11).
public struct PublishedPrize: Hashable, Sendable, Codable {
    /// The prize's name.
    public var name: String
    /// How many moments give this prize.
    public var quantity: Int

    /// A prize as published.
    public init(name: String, quantity: Int) {
        self.name = name
        self.quantity = quantity
    }
}

/// One winning moment of an instant win as published after closing: its prize and who took it, if anyone.
public struct PublishedMomentClaim: Hashable, Sendable, Codable {
    /// The moment, Unix epoch milliseconds.
    public var moment: Int64
    /// Index of the moment's prize in the published `prizes`.
    public var prize: Int
    /// Token of the entry that took the moment; nil when nobody did (the prize was not won).
    public var token: String?
    /// When that entry was accepted, Unix epoch milliseconds; nil when nobody took the moment.
    public var at: Int64?

    /// A claim as published.
    public init(moment: Int64, prize: Int, token: String?, at: Int64?) {
        self.moment = moment
        self.prize = prize
        self.token = token
        self.at = at
    }
}
