"""The sharing part of the OpenAPI document: members' share links, referral trees and activation funnels.

Imported by openapi_source.py, which passes its shared helpers.
"""


def add(paths, schemas, ref, ok, problems, json_body, PAGING, ID, time):
    activation_id = {"name": "id", "in": "path", "required": True, "description": "Activation id.",
                     "schema": {"type": "integer", "format": "int64", "minimum": 1}}
    depth = {"name": "depth", "in": "query", "description": "Generations to return, 1–10 (default 10).",
             "schema": {"type": "integer", "minimum": 1, "maximum": 10}}
    count = {"type": "integer", "minimum": 0}
    funnel_day = {
        "type": "object",
        "required": ["day", "shares", "clicks", "visits", "signups", "entries", "participants", "storeRedemptions", "viralCoefficient"],
        "properties": {
            "day": {"type": "string", "description": "YYYY-MM-DD in the activation's time zone; empty for the totals."},
            "shares": {**count, "description": "Share links made."},
            "clicks": {**count, "description": "Counted human clicks: bots, the sharer's own devices and repeats within 30 minutes excluded."},
            "visits": {**count, "description": "Distinct visitors per link."},
            "signups": {**count, "description": "Entries by people new to the brand that followed a share link (self-referrals excluded)."},
            "entries": {**count, "description": "All entries that followed a share link (self-referrals excluded)."},
            "participants": {**count, "description": "People entering the activation for the first time."},
            "storeRedemptions": {**count, "description": "The activation's coupons used at a shop's till (see the store offer)."},
            "viralCoefficient": {"type": "number", "minimum": 0,
                                 "description": "(links ÷ participants) × (conversions ÷ links), from the start to the end of the day."},
        },
    }
    schemas.update({
        "ShareLinkInput": {
            "type": "object", "additionalProperties": False, "minProperties": 1, "maxProperties": 1,
            "description": "Exactly one target: an activation of the brand (its hosted page) or any http(s) address.",
            "properties": {
                "activationId": {"type": "integer", "format": "int64", "minimum": 1},
                "url": {"type": "string", "format": "uri", "maxLength": 2000},
            },
        },
        "ShareLink": {
            "type": "object",
            "required": ["id", "memberId", "code", "shareUrl", "targetUrl", "createdAt", "clicks", "visits", "conversions"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "memberId": {"type": "integer", "format": "int64"},
                "activationId": {"type": "integer", "format": "int64"},
                "code": {"type": "string", "pattern": "^[0-9A-Za-z]{10}$"},
                "shareUrl": {"type": "string", "description": "The short address to share: {public URL}/r/{code}."},
                "targetUrl": {"type": "string", "description": "Where the link leads, before UTM parameters."},
                "createdAt": time, "clicks": count, "visits": count,
                "conversions": {**count, "description": "Sign-ups and entries credited to this link as last touch."},
            },
        },
        "ShareLinkPage": {"type": "object", "required": ["items"],
                          "properties": {"items": {"type": "array", "items": ref("ShareLink")}, "nextCursor": {"type": "string"}}},
        "ShareFunnelDay": funnel_day,
        "ShareFunnel": {
            "type": "object", "required": ["activationId", "totals", "days"],
            "properties": {"activationId": {"type": "integer", "format": "int64"}, "totals": ref("ShareFunnelDay"),
                           "days": {"type": "array", "items": ref("ShareFunnelDay")}},
        },
        "ReferralTree": {
            "type": "object", "required": ["memberId", "total", "truncated", "generations"],
            "properties": {
                "memberId": {"type": "integer", "format": "int64"}, "total": count,
                "truncated": {"type": "boolean", "description": "True when the depth or the bound of 1000 people cut the tree."},
                "generations": {"type": "array", "items": {
                    "type": "object", "required": ["generation", "members"],
                    "properties": {
                        "generation": {"type": "integer", "minimum": 1},
                        "members": {"type": "array", "items": {
                            "type": "object", "required": ["memberId", "broughtBy", "source", "at"],
                            "properties": {"memberId": {"type": "integer", "format": "int64"}, "broughtBy": {"type": "integer", "format": "int64"},
                                           "source": {"type": "string", "enum": ["share", "referral"]}, "at": time}}},
                    }}},
            },
        },
    })
    paths.update({
        "/api/v1/members/{id}/share-links": {
            "parameters": [ID],
            "get": {"operationId": "listShareLinks", "summary": "The member's share links, newest first, with their clicks, visits and conversions.",
                    "parameters": PAGING, "responses": {"200": ok(ref("ShareLinkPage")), **problems(401, 403, 404, 422)}},
            "post": {"operationId": "makeShareLink",
                     "summary": "The member's share link to an activation or an address, made on first request (201) and the same one afterwards (200).",
                     "requestBody": json_body(ref("ShareLinkInput")),
                     "responses": {"201": ok(ref("ShareLink"), "Made"), "200": ok(ref("ShareLink"), "Already there"),
                                   **problems(400, 401, 403, 404, 409, 413, 415, 422)}},
        },
        "/api/v1/members/{id}/referral-tree": {
            "parameters": [ID],
            "get": {"operationId": "getReferralTree",
                    "summary": "Who the member brought, generation by generation: sign-ups that followed their share links and valid referral invitations.",
                    "parameters": [depth], "responses": {"200": ok(ref("ReferralTree")), **problems(401, 403, 404, 422)}},
        },
        "/api/v1/activations/{id}/share-funnel": {
            "parameters": [activation_id],
            "get": {"operationId": "getShareFunnel",
                    "summary": "Shares, clicks, visits, sign-ups, entries and the viral coefficient of an activation, per day.",
                    "responses": {"200": ok(ref("ShareFunnel")), **problems(401, 403, 404)}},
        },
    })
