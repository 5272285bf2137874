import Foundation

/// What importing a till file did.
struct TillImportReport: Sendable, Codable {
    var lines: Int
    var redeemed: Int
    /// Purchase lines recorded (a member recognised by their e-mail, no coupon).
    var purchases: Int = 0
    var refused: Int
    /// The refused lines with their reasons (the first 1,000).
    var problems: [TillLineProblem]
}

/// Redeems the coupons of a point-of-sale export, line by line: each line is redeemed or
/// refused on its own, so one bad line never holds back the others, and a coupon is never
/// redeemed twice (a file sent again only reports the lines as already redeemed). Lines without
/// a coupon but with the member's e-mail are purchases (`TillPurchases`), stored once per till
/// reference.
struct TillImport: Sendable {
    let redemptions: Redemptions
    let purchases: TillPurchases
    let tenancy: TenancyStore

    func run(csv text: String, brand: Brand, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> TillImportReport {
        let table: CSVTable
        do {
            table = try CSVReader.read(text, limits: CSVLimits(maxRows: 50_000, maxColumns: 20))
        } catch {
            throw AppError.invalid("file", error.description)
        }
        var header: [String: Int] = [:]
        for (index, name) in table.header.enumerated() { header[name.lowercased()] = index }
        guard header["code"] != nil || header["email"] != nil else {
            throw AppError.invalid("file", "the header must name a code column, or an email column for purchases (and may name store, amount, time, reference)")
        }
        let unknown = header.keys.filter { !TillLine.columns.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw AppError.invalid("file", "unknown columns: \(unknown.joined(separator: ", ")); use code, email, store, amount, time, reference")
        }
        var units: [String: Int64] = [:]
        for unit in try await tenancy.units(brandID: brand.id) {
            units[unit.slug.lowercased()] = unit.id
            units[String(unit.id)] = unit.id
        }
        var report = TillImportReport(lines: table.rows.count, redeemed: 0, refused: 0, problems: [])
        func refuse(_ problem: TillLineProblem) {
            report.refused += 1
            if report.problems.count < 1_000 { report.problems.append(problem) }
        }
        for record in table.rows {
            switch TillLine.parse(record, header: header, units: units, timeZone: brand.timeZone, now: now) {
            case .failure(let problem):
                refuse(problem)
            case .success(let line) where line.isPurchase:
                switch try await purchases.record(line, unitID: access.unitID ?? line.unitID, brand: brand, now: now) {
                case .recorded: report.purchases += 1
                case .unknownMember:
                    refuse(TillLineProblem(line: record.line, code: "", reason: "unknown_member", message: "no member of the brand has this e-mail"))
                case .alreadyImported:
                    refuse(TillLineProblem(line: record.line, code: "", reason: "already_imported",
                                           message: "the purchase \(line.reference ?? "") was already imported"))
                }
            case .success(let line):
                do {
                    _ = try await redemptions.redeemAtTill(code: line.code, unitID: access.unitID ?? line.unitID, amountCents: line.amountCents,
                                                           reference: line.reference, at: line.at, access: access, now: now)
                    report.redeemed += 1
                } catch let error as AppError {
                    let reason = error.status == .notFound ? "unknown_code" : error.code == "coupon_already_redeemed" ? "already_redeemed"
                        : error.code == "coupon_expired" ? "expired" : "invalid"
                    refuse(TillLineProblem(line: record.line, code: line.code, reason: reason, message: error.detail))
                }
            }
        }
        return report
    }
}
