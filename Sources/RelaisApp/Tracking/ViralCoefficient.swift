/// The viral coefficient of an activation: how many new participants each participant brings.
///
/// K = (links per participating member) × (conversions per link)
///   = (links ÷ participants) × (conversions ÷ links)
///
/// which reduces to conversions ÷ participants once any link exists; it is 0 without links
/// or participants. K above 1 means every participant brings more than one more.
enum ViralCoefficient {
    /// K for the given totals.
    static func value(links: Int, participants: Int, conversions: Int) -> Double {
        guard links > 0, participants > 0 else { return 0 }
        let invitationsPerMember = Double(links) / Double(participants)
        let conversionPerLink = Double(conversions) / Double(links)
        return invitationsPerMember * conversionPerLink
    }

    /// K rounded to three decimals, as reported by the API.
    static func rounded(links: Int, participants: Int, conversions: Int) -> Double {
        (value(links: links, participants: participants, conversions: conversions) * 1000).rounded() / 1000
    }
}
