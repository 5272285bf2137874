"""Web-to-store and badges in the OpenAPI document: an activation's coupon for the shops, its report, members' badges.

Imported by openapi_source.py, which passes its shared helpers.
"""


def add(paths, schemas, ref, ok, problems, json_body, PAGING, ID, time):
    activation_id = {"name": "id", "in": "path", "required": True, "description": "Activation id.",
                     "schema": {"type": "integer", "format": "int64", "minimum": 1}}
    count = {"type": "integer", "minimum": 0}
    cents = {"type": "integer", "format": "int64", "minimum": 0, "description": "Euro cents."}
    audience = {"type": "string", "enum": ["entrants", "instant_winners"],
                "description": "entrants: every member whose entry counts, once per activation; instant_winners: instant-win winners only."}
    schemas["EntryReceipt"]["properties"]["coupon"] = {
        "type": "object", "required": ["code", "reward", "expiresAt"],
        "description": "The activation's coupon for the shops, when it gives one and this entry earned it (once per member).",
        "properties": {"code": {"type": "string", "description": "As the till types it, in groups of four."},
                       "reward": {"type": "string"}, "expiresAt": time},
    }
    schemas.update({
        "StoreOfferInput": {
            "type": "object", "additionalProperties": False, "required": ["rewardId"],
            "properties": {"rewardId": {"type": "integer", "format": "int64", "minimum": 1,
                                        "description": "An active reward of the brand's catalogue; its stock and coupon validity apply."},
                           "audience": {**audience, "default": "entrants"}},
        },
        "StoreOffer": {
            "type": "object", "required": ["activationId", "rewardId", "audience", "updatedAt"],
            "properties": {"activationId": {"type": "integer", "format": "int64"}, "rewardId": {"type": "integer", "format": "int64"},
                           "audience": audience, "updatedAt": time},
        },
        "StoreReport": {
            "type": "object",
            "required": ["activationId", "issued", "redeemed", "redemptionRate", "revenueCents", "redeemedThroughSharers", "topSharers"],
            "properties": {
                "activationId": {"type": "integer", "format": "int64"},
                "issued": {**count, "description": "Coupons given to entrants."},
                "redeemed": {**count, "description": "Coupons used at a till."},
                "redemptionRate": {"type": "number", "minimum": 0, "maximum": 1},
                "revenueCents": {**cents, "description": "Sum of the receipts' amounts stated with the redemptions, in euro cents."},
                "redeemedThroughSharers": {**count, "description": "Redemptions by entrants who came through a member's share link (self-referrals excluded)."},
                "topSharers": {"type": "array", "maxItems": 10, "items": {
                    "type": "object", "required": ["memberId", "name", "storeVisits", "revenueCents"],
                    "properties": {"memberId": {"type": "integer", "format": "int64"},
                                   "name": {"type": "string", "description": "First name and initial."},
                                   "storeVisits": count, "revenueCents": cents}}},
            },
        },
    })
    family = {"type": "string", "enum": ["entries", "friends", "visits", "shop_visits"],
              "description": "What the badge counts: entries, valid referrals, new visitors of share links, shop visits of shared coupons."}
    schemas.update({
        "BadgeCatalogue": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {
            "type": "object", "required": ["badge", "family", "threshold", "holders"],
            "properties": {"badge": {"type": "string"}, "family": family, "threshold": {"type": "integer", "minimum": 1},
                           "holders": {**count, "description": "Members of the brand holding it."}}}}}},
        "MemberBadges": {"type": "object", "required": ["memberId", "items"], "properties": {
            "memberId": {"type": "integer", "format": "int64"},
            "items": {"type": "array", "items": {
                "type": "object", "required": ["badge", "family", "threshold", "earnedAt"],
                "properties": {"badge": {"type": "string"}, "family": family, "threshold": {"type": "integer", "minimum": 1}, "earnedAt": time}}}}},
    })
    paths.update({
        "/api/v1/loyalty/badges": {
            "get": {"operationId": "listBadges", "summary": "Every badge, its milestone and how many members of the brand hold it.",
                    "responses": {"200": ok(ref("BadgeCatalogue")), **problems(401, 403)}},
        },
        "/api/v1/members/{id}/badges": {
            "parameters": [ID],
            "get": {"operationId": "listMemberBadges", "summary": "The member's badges with the brand, in the order earned.",
                    "responses": {"200": ok(ref("MemberBadges")), **problems(401, 403, 404)}},
        },
        "/api/v1/activations/{id}/store-offer": {
            "parameters": [activation_id],
            "get": {"operationId": "getStoreOffer", "summary": "The coupon the activation gives its entrants for the shops.",
                    "responses": {"200": ok(ref("StoreOffer")), **problems(401, 403, 404)}},
            "put": {"operationId": "saveStoreOffer",
                    "summary": "Gives entrants (or instant winners) a coupon of a catalogue reward, free, once per member.",
                    "requestBody": json_body(ref("StoreOfferInput")),
                    "responses": {"200": ok(ref("StoreOffer")), **problems(400, 401, 403, 404, 413, 415, 422)}},
            "delete": {"operationId": "removeStoreOffer", "summary": "Stops giving coupons; those given stay valid.",
                       "responses": {"204": {"description": "Removed"}, **problems(401, 403, 404)}},
        },
        "/api/v1/activations/{id}/store-report": {
            "parameters": [activation_id],
            "get": {"operationId": "getStoreReport",
                    "summary": "Coupons issued and redeemed in shops, revenue stated at the till, and the sharers whose links brought shop visits.",
                    "responses": {"200": ok(ref("StoreReport")), **problems(401, 403, 404)}},
        },
    })
