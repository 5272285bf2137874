/// The tabs above the loyalty pages (overview, rules, catalogue, coupons), from `loyalty_tabs.mustache`.
enum LoyaltyTabs {
    /// Values marking `active` (overview, rules, rewards or coupons) as the current tab.
    static func values(_ active: String) -> [String: Any] { ["tab_" + active: true] }
}
