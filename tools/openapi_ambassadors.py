"""The ambassadors part of the OpenAPI document: leaderboards and thanks.

Imported by openapi_source.py, which passes its shared helpers.
"""


def add(paths, schemas, ref, ok, problems, json_body, PAGING, time):
    day_or_time = {"type": "string", "maxLength": 40,
                   "description": "A day (YYYY-MM-DD, midnight UTC) or an ISO 8601 time."}
    schemas.update({
        "LeaderboardLine": {
            "type": "object", "required": ["rank", "memberId", "name", "points", "earnings", "reachedAt"],
            "properties": {
                "rank": {"type": "integer", "minimum": 1, "description": "Equal points share a rank (1, 2, 2, 4)."},
                "memberId": {"type": "integer", "format": "int64"},
                "name": {"type": "string", "description": "First name and initial."},
                "points": {"type": "integer", "format": "int64", "description": "Points earned over the period (thanks left out)."},
                "earnings": {"type": "integer", "description": "Ledger lines that earned them."},
                "reachedAt": time,
            },
        },
        "Leaderboard": {
            "type": "object", "required": ["from", "to", "items"],
            "properties": {"from": time, "to": time, "activationId": {"type": "integer", "format": "int64"},
                           "items": {"type": "array", "items": ref("LeaderboardLine")}},
        },
        "ThanksInput": {
            "type": "object", "required": ["memberIds", "message"], "additionalProperties": False,
            "properties": {
                "memberIds": {"type": "array", "minItems": 1, "maxItems": 50,
                              "items": {"type": "integer", "format": "int64", "minimum": 1}},
                "points": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 1000000},
                "rewardId": {"type": "integer", "format": "int64", "minimum": 1,
                             "description": "A reward of the catalogue given without spending points (brand keys only)."},
                "message": {"type": "string", "minLength": 1, "maxLength": 2000, "description": "What the member reads in the thank-you e-mail."},
            },
        },
        "ThanksReceipt": {
            "type": "object", "required": ["memberId", "thanksId", "notified"],
            "properties": {
                "memberId": {"type": "integer", "format": "int64"}, "thanksId": {"type": "integer", "format": "int64"},
                "pointsEntryId": {"type": "integer", "format": "int64"}, "couponCode": {"type": "string"},
                "couponExpiresAt": time,
                "notified": {"type": "boolean", "description": "A thank-you e-mail went to the outbox (false: no e-mail address)."},
            },
        },
        "ThanksResult": {"type": "object", "required": ["items"],
                         "properties": {"items": {"type": "array", "items": ref("ThanksReceipt")}}},
        "SentThanks": {
            "type": "object", "required": ["id", "memberId", "name", "message", "thankedBy", "thankedAt"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "memberId": {"type": "integer", "format": "int64"},
                "name": {"type": "string"}, "points": {"type": "integer", "format": "int64"}, "reward": {"type": "string"},
                "message": {"type": "string"}, "thankedBy": {"type": "string"}, "thankedAt": time,
            },
        },
        "SentThanksPage": {"type": "object", "required": ["items"],
                           "properties": {"items": {"type": "array", "items": ref("SentThanks")}, "nextCursor": {"type": "string"}}},
    })
    paths.update({
        "/api/v1/loyalty/leaderboard": {
            "get": {"operationId": "getLeaderboard",
                    "summary": "Members ranked by points earned over a period (default: the last 30 days), optionally through one activation.",
                    "parameters": [
                        {"name": "from", "in": "query", "schema": day_or_time},
                        {"name": "to", "in": "query", "schema": day_or_time},
                        {"name": "activationId", "in": "query", "schema": {"type": "integer", "format": "int64", "minimum": 1}},
                        {"name": "limit", "in": "query", "description": "Lines, 1–100 (default 20).",
                         "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    ],
                    "responses": {"200": ok(ref("Leaderboard")), **problems(401, 403, 404, 422)}},
        },
        "/api/v1/loyalty/thanks": {
            "get": {"operationId": "listThanks", "summary": "Thanks sent to members, newest first.", "parameters": PAGING,
                    "responses": {"200": ok(ref("SentThanksPage")), **problems(401, 403, 422)}},
            "post": {"operationId": "thankMembers",
                     "summary": "Thank members with points, a reward, or both; each is told by e-mail. All or nothing.",
                     "requestBody": json_body(ref("ThanksInput")),
                     "responses": {"201": ok(ref("ThanksResult"), "Thanked"), **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
        },
    })
