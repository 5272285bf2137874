import Foundation
import Hummingbird

/// The brand overview in the back-office (`/overview`), the brand's home for a marketing
/// director: the community P&L of a period, the monthly trend, the cohort heat map and the
/// activations ranked by ROI, each chart with its table, printable, and its CSV.
struct BrandOverviewPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("overview", use: show)
        staff.get("overview.csv", use: csv)
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let language = context.language
        let query = request.queryDictionary
        let form = PeriodFields(query)
        let parsed: (ReportPeriod, Int)
        do {
            parsed = try BrandOverviewAPI.parameters(form.apiQuery)
        } catch let error as AppError {
            // A wrong period comes back with its message; the page shows the current year meanwhile.
            let fallback = try ReportPeriod.parse(period: nil, from: nil, to: nil, now: Clock.nowMillis()).get()
            let overview = try await services.brandOverviews.overview(access: frame.access, period: fallback)
            var values = BrandOverviewView(overview: overview, language: language).values()
            values["form"] = form.values(errors: error.fieldErrors, language: language)
            values["hasErrors"] = true
            return renderer.page("brand_overview", frame.values(values, active: "overview"), language: language, status: .unprocessableContent)
        }
        let overview = try await services.brandOverviews.overview(access: frame.access, period: parsed.0, dormantDays: parsed.1)
        var values = BrandOverviewView(overview: overview, language: language).values()
        values["form"] = form.values(errors: [], language: language)
        values["csvQuery"] = Self.csvQuery(parsed.0, dormantDays: parsed.1)
        return renderer.page("brand_overview", frame.values(values, active: "overview"), language: language)
    }

    @Sendable func csv(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let query = request.queryDictionary
        let table = query["table"]
        if let table, !OverviewCSV.tables.contains(table) {
            throw AppError.invalid("table", "must be one of \(OverviewCSV.tables.joined(separator: ", "))")
        }
        let (period, dormantDays) = try BrandOverviewAPI.parameters(PeriodFields(query).apiQuery)
        let overview = try await services.brandOverviews.overview(access: frame.access, period: period, dormantDays: dormantDays)
        return ImportAPI.csvResponse(OverviewCSV.csv(overview, table: table), fileName: "overview-\(period.label)-\(table ?? "all").csv")
    }

    /// The query string of the CSV links: the same period and dormancy as the page.
    static func csvQuery(_ period: ReportPeriod, dormantDays: Int) -> String {
        let parts = period.label.components(separatedBy: "..")
        let range = parts.count == 2 ? "from=\(parts[0])&to=\(parts[1])" : "period=\(period.label)"
        return dormantDays == ContinuityQueries.defaultDormantDays ? range : range + "&dormantDays=\(dormantDays)"
    }

    /// The period form as typed: a kind (month, quarter, year, custom) and its fields.
    struct PeriodFields {
        var kind = "year"
        var month = ""
        var quarter = ""
        var year = ""
        var from = ""
        var to = ""
        var dormantDays = ""

        init(_ query: [String: String]) {
            kind = query["kind"] ?? (query["period"] != nil ? "period" : "year")
            month = query["month"] ?? ""
            quarter = query["quarter"] ?? ""
            year = query["year"] ?? ""
            from = query["from"] ?? ""
            to = query["to"] ?? ""
            dormantDays = query["dormantDays"] ?? ""
            if kind == "period", let period = query["period"] { year = period }
        }

        /// The same request in the API's words.
        var apiQuery: [String: String] {
            var query: [String: String] = [:]
            switch kind {
            case "month": query["period"] = month.isEmpty ? "-" : month
            case "quarter": query["period"] = (year.isEmpty ? "-" : year) + "-" + quarter
            case "custom": query["from"] = from; query["to"] = to
            default: if !year.isEmpty { query["period"] = year }
            }
            if !dormantDays.isEmpty { query["dormantDays"] = dormantDays }
            return query
        }

        func values(errors: [FieldError], language: UILanguage) -> [String: Any] {
            func error(_ field: String) -> Any { errors.first { $0.field == field }.map { FieldMessages.localized($0.message, language) } as Any }
            return ["kinds": ["month", "quarter", "year", "custom"].map { ["value": $0, "label": Strings.get("ov_kind_\($0)", language), "selected": $0 == kind] },
                    "month": month, "quarter": quarter, "year": year, "from": from, "to": to, "dormantDays": dormantDays,
                    "quarters": ["Q1", "Q2", "Q3", "Q4"].map { ["value": $0, "selected": $0 == quarter] },
                    "periodError": error("period"), "fromError": error("from"), "toError": error("to"), "dormantError": error("dormantDays")]
        }
    }
}
