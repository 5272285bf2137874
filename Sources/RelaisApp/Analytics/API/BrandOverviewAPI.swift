import Foundation
import Hummingbird

/// `GET /api/v1/brand/overview` and `/api/v1/brand/overview.csv`: the brand's community P&L for a
/// period (`?period=2026-11|2026-Q4|2026` or `?from=…&to=…`), with its trend, cohorts, continuity
/// and activations ranked by ROI. Brand-wide keys only.
struct BrandOverviewAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("brand/overview", use: overview)
        group.get("brand/overview.csv", use: overviewCSV)
    }

    @Sendable func overview(_ request: Request, context: APIContext) async throws -> Response {
        let (period, dormantDays) = try Self.parameters(request.queryDictionary)
        return try JSONOutput.response(BrandOverviewDTO(try await services.brandOverviews.overview(access: context.access, period: period,
                                                                                                 dormantDays: dormantDays)))
    }

    @Sendable func overviewCSV(_ request: Request, context: APIContext) async throws -> Response {
        let query = request.queryDictionary
        let table = query["table"]
        if let table, !OverviewCSV.tables.contains(table) {
            throw AppError.invalid("table", "must be one of \(OverviewCSV.tables.joined(separator: ", "))")
        }
        let (period, dormantDays) = try Self.parameters(query)
        let overview = try await services.brandOverviews.overview(access: context.access, period: period, dormantDays: dormantDays)
        return ImportAPI.csvResponse(OverviewCSV.csv(overview, table: table), fileName: "overview-\(period.label)-\(table ?? "all").csv")
    }

    /// The period and dormancy threshold asked for, or a 422 naming the wrong parameter.
    static func parameters(_ query: [String: String], now: Int64 = Clock.nowMillis()) throws -> (ReportPeriod, Int) {
        let period = try ReportPeriod.parse(period: query["period"], from: query["from"], to: query["to"], now: now).get()
        guard let text = query["dormantDays"] else { return (period, ContinuityQueries.defaultDormantDays) }
        guard let days = Int(text), BrandOverviews.dormantDaysRange.contains(days) else {
            throw AppError.invalid("dormantDays", "must be a whole number of days from 30 to 730")
        }
        return (period, days)
    }
}
