"""ROI in the OpenAPI document: budget lines of activations and brands, declared reach, the brand's
value model, and the activation report (JSON and CSV). Definitions of every figure: docs/ROI.md.

Imported by openapi_source.py, which passes its shared helpers.
"""


def add(paths, schemas, ref, ok, problems, json_body, time):
    activation_id = {"name": "id", "in": "path", "required": True, "description": "Activation id.",
                     "schema": {"type": "integer", "format": "int64", "minimum": 1}}

    def sub_id(name, what):
        return {"name": name, "in": "path", "required": True, "description": f"{what} id.",
                "schema": {"type": "integer", "format": "int64", "minimum": 1}}

    count = {"type": "integer", "minimum": 0}
    cents = {"type": "integer", "format": "int64", "minimum": 0, "maximum": 1_000_000_000_000}
    currency = {"type": "string", "pattern": "^[A-Za-z]{3}$", "default": "EUR",
                "description": "ISO 4217 code (EUR, USD…). Amounts are never converted between currencies."}
    category = {"type": "string", "enum": ["media", "agency", "prizes", "production", "platform", "staff"]}
    ratio = {"type": "number", "description": "Rounded to 4 decimals (reach ratios: 6); absent when the divisor is 0."}
    int64 = {"type": "integer", "format": "int64"}

    schemas.update({
        "BudgetLineInput": {
            "type": "object", "additionalProperties": False, "required": ["category", "plannedCents"],
            "properties": {"category": category, "label": {"type": "string", "maxLength": 200},
                           "plannedCents": {**cents, "description": "Planned amount, in cents of `currency`."},
                           "actualCents": {**cents, "description": "Invoiced amount once known; the ratios use it instead of the planned one."},
                           "currency": currency},
        },
        "BudgetLine": {
            "type": "object", "required": ["id", "category", "label", "plannedCents", "currency", "createdAt", "updatedAt"],
            "properties": {"id": int64, "activationId": {**int64, "description": "Absent for a cost of the brand as a whole."},
                           "category": category, "label": {"type": "string"}, "plannedCents": cents, "actualCents": cents,
                           "currency": {"type": "string"}, "createdAt": time, "updatedAt": time},
        },
        "BudgetLines": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": ref("BudgetLine")}}},
        "DeclaredReachInput": {
            "type": "object", "additionalProperties": False, "required": ["source"],
            "description": "Give impressions, a potential reach or both.",
            "properties": {"source": {"type": "string", "minLength": 1, "maxLength": 200, "description": "Who announced it (a network, a medium)."},
                           "impressions": {**count, "format": "int64", "maximum": 1_000_000_000_000},
                           "potentialReach": {**count, "format": "int64", "maximum": 1_000_000_000_000}},
        },
        "DeclaredReach": {
            "type": "object", "required": ["id", "activationId", "source", "createdAt", "updatedAt"],
            "properties": {"id": int64, "activationId": int64, "source": {"type": "string"}, "impressions": int64,
                           "potentialReach": int64, "createdAt": time, "updatedAt": time},
        },
        "DeclaredReachList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": ref("DeclaredReach")}}},
        "ValueModelInput": {
            "type": "object", "additionalProperties": False,
            "properties": {"currency": currency,
                           "optInCents": {**cents, "description": "Value of one opt-in gained (member × purpose × channel)."},
                           "newMemberCents": {**cents, "description": "Value of one participant new to the brand."},
                           "storeVisitCents": {**cents, "description": "Value of one store visit (a coupon of the activation used at a till)."},
                           "countRevenue": {"type": "boolean", "default": True,
                                            "description": "A store visit with a stated receipt is worth the receipt instead of the flat value."},
                           "pointCents": {**cents, "description": "What one loyalty point costs the brand: rewards are costed as points spent × this value."}},
        },
        "ValueModel": {
            "type": "object", "required": ["currency", "optInCents", "newMemberCents", "storeVisitCents", "countRevenue", "pointCents"],
            "properties": {"currency": {"type": "string"}, "optInCents": cents, "newMemberCents": cents, "storeVisitCents": cents,
                           "countRevenue": {"type": "boolean"}, "pointCents": cents, "updatedAt": {**time, "description": "Absent while the brand keeps the default model."}},
        },
        "ActivationReport": {
            "type": "object",
            "required": ["activationId", "titleFr", "titleEn", "opensAt", "closesAt", "budgetLines", "costs", "reach", "outcomes",
                         "ratios", "valueModel", "value", "roi", "continuity"],
            "properties": {
                "continuity": ref("Continuity"),
                "activationId": int64, "titleFr": {"type": "string"}, "titleEn": {"type": "string"}, "opensAt": time, "closesAt": time,
                "budgetLines": {"type": "array", "items": ref("BudgetLine")},
                "costs": {"type": "array", "description": "One entry per currency, never converted.", "items": {
                    "type": "object", "required": ["currency", "plannedCents", "actualCents", "costCents", "linesWithoutActual", "byCategory"],
                    "properties": {"currency": {"type": "string"}, "plannedCents": int64, "actualCents": int64,
                                   "costCents": {**int64, "description": "Actual where known, planned otherwise."},
                                   "linesWithoutActual": count,
                                   "byCategory": {"type": "array", "items": {"type": "object", "required": ["category", "cents"],
                                                                             "properties": {"category": category, "cents": int64}}}}}},
                "reach": {"type": "object",
                          "required": ["declared", "declaredImpressions", "declaredPotentialReach", "shareClicks", "uniqueVisitors", "participants",
                                       "pageViews", "pageVisitors", "widgetViews"],
                          "properties": {"declared": {"type": "array", "items": ref("DeclaredReach")}, "declaredImpressions": int64,
                                         "declaredPotentialReach": int64, "shareClicks": count, "uniqueVisitors": count, "participants": count,
                                         "visitorsPerImpression": ratio, "participantsPerPotentialReach": ratio,
                                         "pageViews": {**count, "format": "int64", "description": "Views of the hosted page by people (bots and the widget's iframe excluded)."},
                                         "pageVisitors": {**count, "description": "Distinct visitors of the hosted page among those with a visitor cookie."},
                                         "widgetViews": {**count, "format": "int64", "description": "Times the widget was at least half visible in a viewport of an allowed site."},
                                         "pageViewsPerImpression": ratio, "widgetViewsPerImpression": ratio}},
                "outcomes": {"type": "object",
                             "required": ["participants", "newMembers", "knownMembers", "optIns", "optInsTotal", "confirmedEmails", "shareLinks",
                                          "shareClicks", "shareVisits", "uniqueVisitors", "shareSignups", "referrals", "couponsIssued",
                                          "storeVisits", "storeVisitsWithAmount", "revenueCents", "pointsGiven", "pointsRedeemed"],
                             "properties": {
                                 "participants": {**count, "description": "Members with a valid entry."},
                                 "newMembers": {**count, "description": "Participants who were not members of the brand before their first entry."},
                                 "knownMembers": {**count, "description": "Participants the brand already had (the re-bought audience)."},
                                 "reboughtShare": {**ratio, "description": "knownMembers ÷ participants."},
                                 "optIns": {"type": "array", "items": {"type": "object", "required": ["purpose", "channel", "count"],
                                                                        "properties": {"purpose": {"type": "string"}, "channel": {"type": "string"},
                                                                                       "count": count}}},
                                 "optInsTotal": count, "confirmedEmails": count, "shareLinks": count,
                                 "shareClicks": {**count, "description": "Counted clicks: bots, the sharer's own devices and quick repeats excluded."},
                                 "shareVisits": count, "uniqueVisitors": count, "shareSignups": count, "referrals": count,
                                 "couponsIssued": count, "storeVisits": count, "storeVisitsWithAmount": count,
                                 "revenueCents": {**int64, "description": "Receipts stated at the till, in cents of the value model's currency."},
                                 "pointsGiven": int64, "pointsRedeemed": int64}},
                "ratios": {"type": "array", "description": "Cost per outcome, one entry per cost currency.", "items": {
                    "type": "object", "required": ["currency"],
                    "properties": {"currency": {"type": "string"}, "costPerParticipantCents": int64, "costPerNewMemberCents": int64,
                                   "costPerOptInCents": int64, "costPerStoreVisitCents": int64,
                                   "reboughtAudienceCostCents": {**int64, "description": "Cost × knownMembers ÷ participants."}}}},
                "valueModel": ref("ValueModel"),
                "value": {"type": "object", "required": ["currency", "optInsCents", "newMembersCents", "revenueCents", "storeVisitsCents", "totalCents"],
                          "properties": {"currency": {"type": "string"}, "optInsCents": int64, "newMembersCents": int64, "revenueCents": int64,
                                         "storeVisitsCents": int64, "totalCents": int64}},
                "roi": {"type": "object", "required": ["status"],
                        "properties": {"status": {"type": "string", "enum": ["computed", "mixed_currencies", "no_cost"]},
                                       "value": {"type": "number", "description": "(value − cost) ÷ cost, 4 decimals; only when computed."}}},
            },
        },
    })
    add_overview(paths, schemas, ref, ok, problems, count, int64, time)
    line_id = sub_id("lineId", "Budget line")
    reach_id = sub_id("reachId", "Declared reach")
    write = problems(400, 401, 403, 404, 413, 415, 422)
    paths.update({
        "/api/v1/activations/{id}/budget-lines": {
            "parameters": [activation_id],
            "get": {"operationId": "listActivationBudgetLines", "summary": "The activation's costs, oldest first.",
                    "responses": {"200": ok(ref("BudgetLines")), **problems(401, 403, 404)}},
            "post": {"operationId": "addActivationBudgetLine", "summary": "Adds a cost to the activation.",
                     "requestBody": json_body(ref("BudgetLineInput")),
                     "responses": {"201": ok(ref("BudgetLine"), "Created"), **write}},
        },
        "/api/v1/activations/{id}/budget-lines/{lineId}": {
            "parameters": [activation_id, line_id],
            "put": {"operationId": "replaceActivationBudgetLine", "summary": "Replaces one cost of the activation (e.g. with its invoiced amount).",
                    "requestBody": json_body(ref("BudgetLineInput")), "responses": {"200": ok(ref("BudgetLine")), **write}},
            "delete": {"operationId": "removeActivationBudgetLine", "summary": "Removes one cost of the activation.",
                       "responses": {"204": {"description": "Removed"}, **problems(401, 403, 404)}},
        },
        "/api/v1/budget-lines": {
            "get": {"operationId": "listBrandBudgetLines", "summary": "Costs of the brand as a whole (not of one activation).",
                    "responses": {"200": ok(ref("BudgetLines")), **problems(401, 403)}},
            "post": {"operationId": "addBrandBudgetLine", "summary": "Adds a cost of the brand as a whole (brand-wide keys only).",
                     "requestBody": json_body(ref("BudgetLineInput")),
                     "responses": {"201": ok(ref("BudgetLine"), "Created"), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/budget-lines/{id}": {
            "parameters": [sub_id("id", "Budget line")],
            "put": {"operationId": "replaceBrandBudgetLine", "summary": "Replaces one cost of the brand.",
                    "requestBody": json_body(ref("BudgetLineInput")), "responses": {"200": ok(ref("BudgetLine")), **write}},
            "delete": {"operationId": "removeBrandBudgetLine", "summary": "Removes one cost of the brand.",
                       "responses": {"204": {"description": "Removed"}, **problems(401, 403, 404)}},
        },
        "/api/v1/activations/{id}/declared-reach": {
            "parameters": [activation_id],
            "get": {"operationId": "listDeclaredReach", "summary": "The reach media announced for the activation.",
                    "responses": {"200": ok(ref("DeclaredReachList")), **problems(401, 403, 404)}},
            "post": {"operationId": "addDeclaredReach", "summary": "Records the reach a medium or network announced.",
                     "requestBody": json_body(ref("DeclaredReachInput")),
                     "responses": {"201": ok(ref("DeclaredReach"), "Created"), **write}},
        },
        "/api/v1/activations/{id}/declared-reach/{reachId}": {
            "parameters": [activation_id, reach_id],
            "put": {"operationId": "replaceDeclaredReach", "summary": "Replaces one declared reach.",
                    "requestBody": json_body(ref("DeclaredReachInput")), "responses": {"200": ok(ref("DeclaredReach")), **write}},
            "delete": {"operationId": "removeDeclaredReach", "summary": "Removes one declared reach.",
                       "responses": {"204": {"description": "Removed"}, **problems(401, 403, 404)}},
        },
        "/api/v1/value-model": {
            "get": {"operationId": "getValueModel", "summary": "What the brand says an opt-in, a new member and a store visit are worth.",
                    "responses": {"200": ok(ref("ValueModel")), **problems(401, 403)}},
            "put": {"operationId": "saveValueModel", "summary": "Replaces the brand's value model (brand-wide keys only); omitted values are 0.",
                    "requestBody": json_body(ref("ValueModelInput")),
                    "responses": {"200": ok(ref("ValueModel")), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/activations/{id}/report": {
            "parameters": [activation_id],
            "get": {"operationId": "getActivationReport",
                    "summary": "Costs, declared vs measured reach, outcomes, cost ratios, attributed value and ROI of the activation.",
                    "responses": {"200": ok(ref("ActivationReport")), **problems(401, 403, 404)}},
        },
        "/api/v1/activations/{id}/report.csv": {
            "parameters": [activation_id,
                           {"name": "table", "in": "query", "description": "Only one table of the report.",
                            "schema": {"type": "string", "enum": ["costs", "reach", "outcomes", "opt_ins", "ratios", "value", "roi", "continuity"]}}],
            "get": {"operationId": "exportActivationReport",
                    "summary": "The report's tables as CSV (table, figure, detail, currency, value, unit); typed text is neutralised against formulas.",
                    "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                                  **problems(401, 403, 404, 422)}},
        },
    })


def add_overview(paths, schemas, ref, ok, problems, count, int64, time):
    """Continuity, the brand overview (community P&L, trend, cohorts, ranking) and the widget's view beacon."""
    ratio = {"type": "number", "description": "Rounded to 4 decimals; absent when the divisor is 0."}
    roi = {"type": "object", "required": ["status"],
           "properties": {"status": {"type": "string", "enum": ["computed", "mixed_currencies", "no_cost"]}, "value": {"type": "number"}}}
    schemas.update({
        "Continuity": {
            "type": "object", "description": "The activation's acquired members in the brand's later activations (docs/ROI.md).",
            "required": ["acquired", "later", "returnedAny", "returnedAnyWithoutShareLink", "reactivated", "dormantDays"],
            "properties": {
                "acquired": {**count, "description": "New members of the activation."},
                "later": {"type": "array", "description": "N+1, N+2 … (at most 6), in opening order.", "items": {
                    "type": "object",
                    "required": ["position", "activationId", "titleFr", "titleEn", "opensAt", "returned", "returnedWithoutShareLink"],
                    "properties": {"position": {"type": "integer", "minimum": 1}, "activationId": int64, "titleFr": {"type": "string"},
                                   "titleEn": {"type": "string"}, "opensAt": time, "returned": count,
                                   "returnedWithoutShareLink": {**count, "description": "With a valid entry that followed no share link."}}}},
                "returnedAny": count, "returnedAnyWithoutShareLink": count, "returnRate": ratio,
                "reactivated": {**count, "description": "Known participants who had no activity for dormantDays before their entry."},
                "dormantDays": {"type": "integer"}},
        },
        "BrandOverview": {
            "type": "object",
            "required": ["period", "dormantDays", "community", "valueModel", "pointsSpent", "costs", "valueCents", "roi", "months", "cohorts", "activations",
                         "pendingMembers"],
            "properties": {
                "pendingMembers": {**count, "description": "Members whose latest changes are not counted in the figures yet: 0 when they are "
                                   "current; after an upgrade or a large import, the figures fill in within minutes."},
                "period": {"type": "object", "required": ["label", "from", "to", "asOf"],
                           "properties": {"label": {"type": "string"}, "from": time, "to": {**time, "description": "Exclusive."},
                                          "asOf": {**time, "description": "When the end-of-period figures are taken: the end, or now."}}},
                "dormantDays": {"type": "integer"},
                "community": {"type": "object",
                              "required": ["members", "newMembers", "activeMembers30Days", "activeMembers90Days", "activeMembersInPeriod",
                                           "reactivatedMembers", "unsubscribes", "erasures"],
                              "properties": {k: count for k in ["members", "newMembers", "activeMembers30Days", "activeMembers90Days",
                                                                "activeMembersInPeriod", "reactivatedMembers", "unsubscribes", "erasures"]}},
                "valueModel": ref("ValueModel"),
                "pointsSpent": int64,
                "costs": {"type": "array", "description": "One entry per currency, never converted.", "items": {
                    "type": "object", "required": ["currency", "activationsCents", "brandCents", "rewardsCents", "totalCents"],
                    "properties": {"currency": {"type": "string"}, "activationsCents": int64, "brandCents": int64, "rewardsCents": int64,
                                   "totalCents": int64, "acquisitionCostPerNewMemberCents": int64, "retentionCostPerActiveMemberCents": int64}}},
                "valueCents": int64,
                "roi": roi,
                "months": {"type": "array", "items": {
                    "type": "object", "required": ["month", "members", "newMembers", "activeMembers", "reactivatedMembers", "valueCents", "costCents"],
                    "properties": {"month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}, "members": count, "newMembers": count,
                                   "activeMembers": count, "reactivatedMembers": count, "valueCents": int64, "costCents": int64}}},
                "cohorts": {"type": "array", "items": {
                    "type": "object", "required": ["month", "size", "active", "retention"],
                    "properties": {"month": {"type": "string"}, "size": count,
                                   "active": {"type": "array", "items": count, "description": "Members of the cohort active in month M+0, M+1…"},
                                   "retention": {"type": "array", "items": {"type": "number"}}}}},
                "activations": {"type": "array", "description": "Activations opened during the period, best ROI first.", "items": {
                    "type": "object",
                    "required": ["activationId", "titleFr", "titleEn", "opensAt", "participants", "newMembers", "costs", "valueCents", "roi", "continuity"],
                    "properties": {"activationId": int64, "titleFr": {"type": "string"}, "titleEn": {"type": "string"}, "opensAt": time,
                                   "participants": count, "newMembers": count,
                                   "costs": {"type": "array", "items": {"type": "object", "required": ["currency", "costCents"],
                                                                        "properties": {"currency": {"type": "string"}, "costCents": int64}}},
                                   "valueCents": int64, "roi": roi, "continuity": ref("Continuity")}}},
            },
        },
    })
    period_parameters = [
        {"name": "period", "in": "query", "description": "A month (2026-11), a quarter (2026-Q4) or a year (2026), in UTC; the current year by default.",
         "schema": {"type": "string"}},
        {"name": "from", "in": "query", "description": "First day of a custom period (with `to`).", "schema": {"type": "string", "format": "date"}},
        {"name": "to", "in": "query", "description": "Last day of a custom period, included.", "schema": {"type": "string", "format": "date"}},
        {"name": "dormantDays", "in": "query", "description": "Days without activity after which a member is dormant (default 180).",
         "schema": {"type": "integer", "minimum": 30, "maximum": 730}},
    ]
    brand_activation = [{"name": "brand", "in": "path", "required": True, "description": "Brand slug.", "schema": {"type": "string"}},
                        {"name": "activation", "in": "path", "required": True, "description": "Activation slug.", "schema": {"type": "string"}}]
    paths.update({
        "/api/v1/brand/overview": {
            "get": {"operationId": "getBrandOverview", "parameters": period_parameters,
                    "summary": "The brand's community P&L for a period, its monthly trend, cohorts and activations ranked by ROI (brand-wide keys).",
                    "responses": {"200": ok(ref("BrandOverview")), **problems(401, 403, 422)}},
        },
        "/api/v1/brand/overview.csv": {
            "get": {"operationId": "exportBrandOverview",
                    "parameters": period_parameters + [{"name": "table", "in": "query", "description": "Only one table of the overview.",
                                                        "schema": {"type": "string", "enum": ["community", "costs", "value", "months", "cohorts", "continuity", "activations"]}}],
                    "summary": "The overview's tables as CSV (table, figure, detail, currency, value, unit).",
                    "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}, **problems(401, 403, 422)}},
        },
        "/api/v1/public/activations/{brand}/{activation}/widget-views": {
            "parameters": brand_activation,
            "post": {"operationId": "countWidgetView", "security": [],
                     "summary": "The widget's beacon: its iframe was at least half visible. Accepted from the brand's allowed origins only (another or no Origin: 403); bots are not counted.",
                     "responses": {"204": {"description": "Counted (or ignored, for a bot)"}, **problems(403, 404)}},
        },
    })
