"""The loyalty part of the OpenAPI document: points ledger, rewards catalogue, coupons at the till.

Imported by openapi_source.py, which passes its shared helpers.
"""


def add(paths, schemas, ref, ok, problems, json_body, PAGING, ID, time):
    idempotency = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "description": "Makes a retry safe: a replay answers 200 with the first result; the same key for another request is 409.",
                   "schema": {"type": "string", "minLength": 1, "maxLength": 200}}
    reward_id = {"name": "id", "in": "path", "required": True, "description": "Reward id.",
                 "schema": {"type": "integer", "format": "int64", "minimum": 1}}
    code = {"name": "code", "in": "path", "required": True,
            "description": "Coupon code as typed at the till; case, spaces and dashes are ignored.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 100}}
    nullable_time = {"type": ["string", "null"], "format": "date-time"}
    rule_id = {"name": "id", "in": "path", "required": True, "description": "Earning rule id.",
               "schema": {"type": "integer", "format": "int64", "minimum": 1}}
    schemas.update({
        "LoyaltySettings": {"type": "object", "required": ["pointsValidityDays"], "additionalProperties": False,
                            "properties": {"pointsValidityDays": {"type": "integer", "minimum": 0, "maximum": 3650,
                                                                  "description": "Days earned points stay valid; 0: they never expire."}}},
        "PointsMovementInput": {
            "type": "object", "required": ["kind", "points"], "additionalProperties": False,
            "properties": {
                "kind": {"type": "string", "enum": ["earn", "spend", "adjust"]},
                "points": {"type": "integer", "format": "int64", "minimum": -10000000, "maximum": 10000000,
                           "description": "Positive for earn and spend; signed for adjust (never 0)."},
                "reason": {"type": "string", "maxLength": 200, "description": "Required for adjust."},
            },
        },
        "PointsAccount": {
            "type": "object", "required": ["balance", "earned", "spent", "expired"],
            "properties": {
                "balance": {"type": "integer", "format": "int64", "minimum": 0}, "earned": {"type": "integer", "format": "int64"},
                "spent": {"type": "integer", "format": "int64"}, "expired": {"type": "integer", "format": "int64"},
                "nextExpiry": {"type": "object", "required": ["points", "at"],
                               "properties": {"points": {"type": "integer", "format": "int64"}, "at": time}},
                "tier": ref("MemberTier"),
            },
        },
        "MemberTier": {
            "type": "object", "required": ["multiplierPercent", "earnedInWindow"],
            "properties": {"name": {"type": "string"}, "since": time, "multiplierPercent": {"type": "integer"},
                           "earnedInWindow": {"type": "integer", "format": "int64"}, "nextTier": {"type": "string"},
                           "nextThreshold": {"type": "integer", "format": "int64"}},
        },
        "EarningRuleInput": {
            "type": "object", "required": ["name", "trigger"], "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 120},
                "trigger": {"type": "string", "enum": ["activation.entry", "consent.confirmed", "referral.joined", "share.visit", "share.store_visit",
                                                       "coupon.redeemed", "member.birthday", "profile.completed", "badge.earned", "purchase"]},
                "points": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 100000},
                "pointsPerEuro": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 1000,
                                  "description": "Only for events with an amount (purchase, coupon.redeemed, share.store_visit)."},
                "maxPerDay": {"type": "integer", "minimum": 1, "maximum": 1000},
                "maxPerActivation": {"type": "integer", "minimum": 1, "maximum": 1000},
                "active": {"type": "boolean"},
            },
        },
        "EarningRule": {
            "type": "object", "required": ["id", "version", "name", "trigger", "points", "active", "createdAt", "updatedAt"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "version": {"type": "integer"}, "name": {"type": "string"},
                "trigger": {"type": "string"}, "points": {"type": "integer", "format": "int64"},
                "pointsPerEuro": {"type": "integer", "format": "int64"}, "maxPerDay": {"type": "integer"},
                "maxPerActivation": {"type": "integer"}, "active": {"type": "boolean"}, "createdAt": time, "updatedAt": time,
            },
        },
        "EarningRulePage": {"type": "object", "required": ["items"],
                            "properties": {"items": {"type": "array", "items": ref("EarningRule")}, "nextCursor": {"type": "string"}}},
        "EarningRuleVersion": {
            "type": "object", "required": ["version", "name", "trigger", "points", "active", "changedBy", "changedAt"],
            "properties": {
                "version": {"type": "integer"}, "name": {"type": "string"}, "trigger": {"type": "string"},
                "points": {"type": "integer", "format": "int64"}, "pointsPerEuro": {"type": "integer", "format": "int64"},
                "maxPerDay": {"type": "integer"}, "maxPerActivation": {"type": "integer"}, "active": {"type": "boolean"},
                "changedBy": {"type": "string"}, "changedAt": time,
            },
        },
        "EarningPreview": {
            "type": "object", "required": ["from", "to", "events", "earning", "points", "members"],
            "properties": {"from": time, "to": time, "events": {"type": "integer"}, "earning": {"type": "integer"},
                           "points": {"type": "integer", "format": "int64"}, "members": {"type": "integer"}},
        },
        "TierLadder": {
            "type": "object", "required": ["tiers"], "additionalProperties": False,
            "properties": {
                "windowDays": {"type": "integer", "minimum": 30, "maximum": 1095},
                "tiers": {"type": "array", "maxItems": 10, "items": {
                    "type": "object", "required": ["name", "threshold"], "additionalProperties": False,
                    "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 60},
                                   "threshold": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 100000000},
                                   "multiplierPercent": {"type": "integer", "minimum": 100, "maximum": 500},
                                   "benefits": {"type": "string", "maxLength": 1000}}}},
            },
        },
        "PointsEntry": {
            "type": "object", "required": ["id", "kind", "points", "balanceAfter", "reason", "source", "recordedBy", "occurredAt"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "kind": {"type": "string", "enum": ["earn", "spend", "expire", "adjust"]},
                "points": {"type": "integer", "format": "int64"}, "balanceAfter": {"type": "integer", "format": "int64", "minimum": 0},
                "reason": {"type": "string"}, "source": {"type": "string"}, "sourceRef": {"type": "string"},
                "expiresAt": time, "recordedBy": {"type": "string"}, "occurredAt": time,
            },
        },
        "PointsEntryPage": {"type": "object", "required": ["items"],
                            "properties": {"items": {"type": "array", "items": ref("PointsEntry")}, "nextCursor": {"type": "string"}}},
        "PointsPosting": {"type": "object", "required": ["entry", "expiredFirst", "balance"],
                          "properties": {"entry": ref("PointsEntry"), "expiredFirst": {"type": "integer", "format": "int64"},
                                         "balance": {"type": "integer", "format": "int64", "minimum": 0}}},
        "RewardInput": {
            "type": "object", "required": ["name", "costPoints"], "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 120},
                "description": {"type": "string", "maxLength": 2000},
                "costPoints": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 10000000},
                "stock": {"type": ["integer", "null"], "minimum": 0, "maximum": 10000000, "description": "Absent or null: no limit."},
                "codes": {"type": "string", "enum": ["generated", "list"], "description": "Coupon codes generated by Relais, or taken from an imported list."},
                "couponValidityDays": {"type": "integer", "minimum": 1, "maximum": 3650, "description": "Default 90."},
                "status": {"type": "string", "enum": ["active", "retired"]},
                "minimumTier": {"type": ["string", "null"], "maxLength": 60,
                                "description": "The lowest tier whose members may redeem it (one of the brand's tiers); absent or null: every member."},
            },
        },
        "Reward": {
            "type": "object",
            "required": ["id", "name", "description", "costPoints", "codes", "couponValidityDays", "status", "redeemed", "createdAt", "updatedAt"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "name": {"type": "string"}, "description": {"type": "string"},
                "costPoints": {"type": "integer", "format": "int64"}, "stock": {"type": "integer"},
                "codes": {"type": "string", "enum": ["generated", "list"]}, "couponValidityDays": {"type": "integer"},
                "status": {"type": "string", "enum": ["active", "retired"]}, "redeemed": {"type": "integer"},
                "minimumTier": {"type": ["string", "null"], "description": "The lowest tier whose members may redeem it."},
                "createdAt": time, "updatedAt": time,
            },
        },
        "RewardPage": {"type": "object", "required": ["items"],
                       "properties": {"items": {"type": "array", "items": ref("Reward")}, "nextCursor": {"type": "string"}}},
        "RewardCodesInput": {"type": "object", "required": ["codes"], "additionalProperties": False,
                             "properties": {"codes": {"type": "array", "minItems": 1, "maxItems": 50000,
                                                      "items": {"type": "string", "minLength": 1, "maxLength": 100}}}},
        "RewardCodesResult": {"type": "object", "required": ["added", "skipped", "available"],
                              "properties": {"added": {"type": "integer"}, "skipped": {"type": "integer"}, "available": {"type": "integer"}}},
        "RedemptionInput": {"type": "object", "required": ["rewardId"], "additionalProperties": False,
                            "properties": {"rewardId": {"type": "integer", "format": "int64", "minimum": 1}}},
        "Coupon": {
            "type": "object", "required": ["id", "code", "status", "issuedAt", "expiresAt"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "code": {"type": "string"},
                "status": {"type": "string", "enum": ["issued", "redeemed", "expired"]},
                "rewardId": {"type": "integer", "format": "int64"}, "rewardName": {"type": "string"},
                "memberId": {"type": "integer", "format": "int64", "description": "Absent for unit keys (tills)."},
                "issuedAt": time, "expiresAt": time, "redeemedAt": time, "redeemedUnitId": {"type": "integer", "format": "int64"},
                "redeemedAmountCents": {"type": "integer", "format": "int64"}, "redeemedReference": {"type": "string"},
            },
        },
        "CouponPage": {"type": "object", "required": ["items"],
                       "properties": {"items": {"type": "array", "items": ref("Coupon")}, "nextCursor": {"type": "string"}}},
        "Redemption": {"type": "object", "required": ["coupon"],
                       "properties": {"coupon": ref("Coupon"), "pointsSpent": {"type": "integer", "format": "int64"},
                                      "balance": {"type": "integer", "format": "int64"}}},
        "TillImportReport": {
            "type": "object", "required": ["lines", "redeemed", "refused", "problems"],
            "properties": {
                "lines": {"type": "integer"}, "redeemed": {"type": "integer"}, "refused": {"type": "integer"},
                "problems": {"type": "array", "items": {
                    "type": "object", "required": ["line", "code", "reason", "message"],
                    "properties": {"line": {"type": "integer"}, "code": {"type": "string"},
                                   "reason": {"type": "string", "enum": ["invalid", "unknown_code", "already_redeemed", "expired"]},
                                   "message": {"type": "string"}}}},
            },
        },
        "TillRedemptionInput": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "unitId": {"type": "integer", "format": "int64", "minimum": 1, "description": "The store; a unit key is always its own unit."},
                "amountCents": {"type": "integer", "format": "int64", "minimum": 0, "maximum": 100000000},
                "reference": {"type": "string", "maxLength": 100, "description": "The till's receipt number."},
                "redeemedAt": {**nullable_time, "description": "When it was used at the till (default: now); not in the future."},
            },
        },
    })
    paths.update({
        "/api/v1/loyalty/settings": {
            "get": {"operationId": "getLoyaltySettings", "summary": "How long earned points stay valid in the brand.",
                    "responses": {"200": ok(ref("LoyaltySettings")), **problems(401, 403)}},
            "put": {"operationId": "setLoyaltySettings", "summary": "Change how long points earned from now on stay valid.",
                    "requestBody": json_body(ref("LoyaltySettings")),
                    "responses": {"200": ok(ref("LoyaltySettings")), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/loyalty/rules": {
            "get": {"operationId": "listEarningRules", "summary": "The brand's earning rules, newest first.",
                    "parameters": PAGING, "responses": {"200": ok(ref("EarningRulePage")), **problems(401, 403, 422)}},
            "post": {"operationId": "createEarningRule", "summary": "Add a rule: points when members do something, within caps; it applies to events from now on.",
                     "requestBody": json_body(ref("EarningRuleInput")),
                     "responses": {"201": ok(ref("EarningRule"), "Created"), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/loyalty/rules/preview": {
            "post": {"operationId": "previewEarningRule", "summary": "What a rule would have given over the last 30 days (nothing is written).",
                     "requestBody": json_body(ref("EarningRuleInput")),
                     "responses": {"200": ok(ref("EarningPreview")), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/loyalty/rules/{id}": {
            "parameters": [rule_id],
            "get": {"operationId": "getEarningRule", "summary": "An earning rule.", "responses": {"200": ok(ref("EarningRule")), **problems(401, 403, 404)}},
            "put": {"operationId": "updateEarningRule", "summary": "Change a rule: a new version, earlier earnings keep theirs.",
                    "requestBody": json_body(ref("EarningRuleInput")),
                    "responses": {"200": ok(ref("EarningRule")), **problems(400, 401, 403, 404, 413, 415, 422)}},
        },
        "/api/v1/loyalty/rules/{id}/versions": {
            "parameters": [rule_id],
            "get": {"operationId": "listEarningRuleVersions", "summary": "Every version of a rule, newest first.",
                    "responses": {"200": ok({"type": "array", "items": ref("EarningRuleVersion")}), **problems(401, 403, 404)}},
        },
        "/api/v1/loyalty/tiers": {
            "get": {"operationId": "getTiers", "summary": "The brand's tiers and their rolling window.",
                    "responses": {"200": ok(ref("TierLadder")), **problems(401, 403)}},
            "put": {"operationId": "setTiers", "summary": "Replace the brand's tiers (thresholds rising, multipliers from 100 to 500 %).",
                    "requestBody": json_body(ref("TierLadder")),
                    "responses": {"200": ok(ref("TierLadder")), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/members/{id}/points": {
            "parameters": [ID],
            "get": {"operationId": "getPoints", "summary": "The member's balance, totals and next expiry.",
                    "responses": {"200": ok(ref("PointsAccount")), **problems(401, 403, 404)}},
            "post": {"operationId": "movePoints",
                     "summary": "Earn, spend or adjust points. The balance never goes below zero (422 insufficient_points); points whose validity has passed expire first.",
                     "parameters": [idempotency], "requestBody": json_body(ref("PointsMovementInput")),
                     "responses": {"201": ok(ref("PointsPosting"), "Recorded"), "200": ok(ref("PointsPosting"), "Replay of an earlier request"),
                                   **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
        },
        "/api/v1/members/{id}/points/entries": {
            "parameters": [ID],
            "get": {"operationId": "listPointsEntries", "summary": "The member's points ledger, newest first.",
                    "parameters": PAGING, "responses": {"200": ok(ref("PointsEntryPage")), **problems(401, 403, 404, 422)}},
        },
        "/api/v1/rewards": {
            "get": {"operationId": "listRewards", "summary": "The brand's rewards catalogue, newest first.",
                    "parameters": PAGING + [{"name": "status", "in": "query", "schema": {"type": "string", "enum": ["active", "retired"]}}],
                    "responses": {"200": ok(ref("RewardPage")), **problems(401, 403, 422)}},
            "post": {"operationId": "createReward", "summary": "Add a reward to the catalogue.",
                     "requestBody": json_body(ref("RewardInput")),
                     "responses": {"201": ok(ref("Reward"), "Created"), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/rewards/{id}": {
            "parameters": [reward_id],
            "get": {"operationId": "getReward", "summary": "A reward of the brand.", "responses": {"200": ok(ref("Reward")), **problems(401, 403, 404)}},
            "put": {"operationId": "updateReward", "summary": "Replace a reward's name, cost, stock, validity or status.",
                    "requestBody": json_body(ref("RewardInput")),
                    "responses": {"200": ok(ref("Reward")), **problems(400, 401, 403, 404, 413, 415, 422)}},
        },
        "/api/v1/rewards/{id}/codes": {
            "parameters": [reward_id],
            "post": {"operationId": "importRewardCodes", "summary": "Import coupon codes for a reward whose codes come from a list; codes already there are skipped.",
                     "requestBody": json_body(ref("RewardCodesInput")),
                     "responses": {"200": ok(ref("RewardCodesResult")), **problems(400, 401, 403, 404, 413, 415, 422)}},
        },
        "/api/v1/members/{id}/redemptions": {
            "parameters": [ID],
            "post": {"operationId": "redeemReward",
                     "summary": "Exchange points for a reward: one item of stock, the points and a coupon, all or nothing (422 out_of_stock, insufficient_points, reward_retired, out_of_codes).",
                     "parameters": [idempotency], "requestBody": json_body(ref("RedemptionInput")),
                     "responses": {"201": ok(ref("Redemption"), "Redeemed"), "200": ok(ref("Redemption"), "Replay of an earlier request"),
                                   **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
        },
        "/api/v1/members/{id}/coupons": {
            "parameters": [ID],
            "get": {"operationId": "listMemberCoupons", "summary": "The member's coupons, newest first.",
                    "parameters": PAGING, "responses": {"200": ok(ref("CouponPage")), **problems(401, 403, 404, 422)}},
        },
        "/api/v1/coupons/till-imports": {
            "post": {"operationId": "importTillFile",
                     "summary": "Redeem the coupons of a point-of-sale export (CSV with a header: code, and optionally store, amount, time, reference). Each line is redeemed or refused on its own.",
                     "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}},
                     "responses": {"200": ok(ref("TillImportReport")), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/coupons/{code}": {
            "parameters": [code],
            "get": {"operationId": "getCoupon", "summary": "Check a coupon at the till.", "responses": {"200": ok(ref("Coupon")), **problems(401, 403, 404)}},
        },
        "/api/v1/coupons/{code}/redeem": {
            "parameters": [code],
            "post": {"operationId": "redeemCoupon",
                     "summary": "Redeem a coupon at the till, once only (409 coupon_already_redeemed, 422 coupon_expired).",
                     "requestBody": json_body(ref("TillRedemptionInput")),
                     "responses": {"200": ok(ref("Coupon")), **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
        },
    })
