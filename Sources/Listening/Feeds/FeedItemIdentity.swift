import Foundation

/// Gives every item a stable identifier and keeps the first of any repeated one.
enum FeedItemIdentity {
    /// The item's id: its guid (or Atom id) when it has one, else its link, else a hash of its
    /// title and date (or text), so that the same item polled again gets the same id. Nil when
    /// the item has nothing to identify it by.
    static func id(guid: String?, url: URL?, title: String?, published: Date?, text: String?) -> String? {
        if let guid, !guid.isEmpty { return guid }
        if let url { return url.absoluteString }
        guard title != nil || text != nil else { return nil }
        var key = title ?? ""
        key += "\u{1F}"
        if let published { key += String(Int64(published.timeIntervalSince1970.rounded(.down))) }
        if title == nil || published == nil { key += "\u{1F}" + (text ?? "") }
        return "relais:item:" + hexDigest(key)
    }

    /// Items in order, without the later ones whose id repeats an earlier one.
    static func unique(_ items: [FeedItem]) -> [FeedItem] {
        var seen = Set<String>()
        return items.filter { seen.insert($0.id).inserted }
    }

    /// 64-bit FNV-1a as 16 hex digits: stable across runs and platforms (unlike `hashValue`), and
    /// enough to tell apart the items of one feed; not meant to resist deliberate collisions.
    static func hexDigest(_ key: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
