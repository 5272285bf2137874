"""Listening in the OpenAPI document, continued: signed pushes, where the brand is discussed, share of
voice, top authors, alerts with their settings and webhook.

Imported by openapi_source.py, which passes its shared helpers.
"""


def add(paths, schemas, ref, ok, problems, json_body, PAGING, time):
    def path_id(what):
        return {"name": "id", "in": "path", "required": True, "description": f"{what} id.",
                "schema": {"type": "integer", "format": "int64", "minimum": 1}}

    nullable_time = {"type": ["string", "null"], "format": "date-time"}
    count = {"type": "integer", "minimum": 0}
    share = {"type": "number", "minimum": 0, "maximum": 1}
    period = [
        {"name": "since", "in": "query", "description": "Published at or after: YYYY-MM-DD (UTC) or an ISO 8601 date-time (default: 30 days before until).",
         "schema": {"type": "string"}},
        {"name": "until", "in": "query", "description": "Published before (default: the end of today, UTC). At most 366 days after since.",
         "schema": {"type": "string"}},
    ]
    query_filter = {"name": "query", "in": "query", "description": "Only this query's mentions (default: all queries).",
                    "schema": {"type": "integer", "format": "int64", "minimum": 1}}
    limit = {"name": "limit", "in": "query", "description": "Rows, 1–200 (default 20).", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}
    place_parameters = [
        query_filter, *period, limit,
        {"name": "order", "in": "query", "description": "posts (default): most posts first. negativeShare: highest negative share first, "
                                                      "among places with at least minPosts posts.",
         "schema": {"type": "string", "enum": ["posts", "negativeShare"]}},
        {"name": "minPosts", "in": "query", "description": "With order=negativeShare, the fewest posts a place needs (default 5).",
         "schema": {"type": "integer", "minimum": 1, "maximum": 100000}},
    ]
    settings_fields = {
        "enabled": {"type": "boolean"},
        "windowMinutes": {"type": "integer", "minimum": 5, "maximum": 1440, "description": "The window compared (default 60)."},
        "baselineWindows": {"type": "integer", "minimum": 2, "maximum": 168,
                            "description": "Windows of the same length just before it that make the baseline (default 24); "
                                           "windowMinutes × baselineWindows at most 30 days."},
        "spikeMinCount": {"type": "integer", "minimum": 1, "maximum": 100000, "description": "Volume spike: fewest mentions in the window (default 10)."},
        "spikeZ": {"type": "number", "minimum": 0.5, "maximum": 10, "description": "Volume spike: Poisson z-score threshold (default 3)."},
        "negativeMinCount": {"type": "integer", "minimum": 1, "maximum": 100000,
                             "description": "Negative rise: fewest mentions in the window and in the baseline (default 10)."},
        "negativeZ": {"type": "number", "minimum": 0.5, "maximum": 10, "description": "Negative rise: two-proportion z-score threshold (default 2.33)."},
        "cooldownMinutes": {"type": "integer", "minimum": 0, "maximum": 10080,
                            "description": "An episode closes once its condition has been false this long (default 120)."},
    }
    schemas.update({
        "PushReport": {
            "type": "object", "required": ["read", "newPosts", "duplicates", "newMentions", "errors"],
            "properties": {
                "read": count, "newPosts": count, "duplicates": {**count, "description": "Posts already known (a push sent twice stores its posts once)."},
                "newMentions": count,
                "errors": {"type": "array", "items": {"type": "object", "required": ["line", "message"],
                                                      "properties": {"line": {"type": "integer", "minimum": 1}, "message": {"type": "string"}}}},
            },
        },
        "DiscussionPlaces": {
            "type": "object", "required": ["since", "until", "order", "items"],
            "properties": {"since": time, "until": time, "order": {"type": "string", "enum": ["posts", "negativeShare"]},
                           "items": {"type": "array", "items": {
                               "type": "object", "required": ["name", "posts", "negative", "negativeShare"],
                               "properties": {"site": {"type": ["string", "null"], "description": "The host of the posts' URLs (sites)."},
                                              "sourceId": {"type": ["integer", "null"], "format": "int64",
                                                           "description": "The source (sources; null for imported posts)."},
                                              "name": {"type": "string"},
                                              "posts": {**count, "description": "Posts mentioned; a post found by several queries counts once."},
                                              "negative": count, "negativeShare": share}}}},
        },
        "ShareOfVoice": {
            "type": "object", "required": ["since", "until", "queries", "days"],
            "properties": {
                "since": time, "until": time,
                "queries": {"type": "array", "items": {
                    "type": "object", "required": ["queryId", "name", "kind", "mentions", "share"],
                    "properties": {"queryId": {"type": "integer", "format": "int64"}, "name": {"type": "string"},
                                   "kind": {"type": "string", "enum": ["brand", "competitor"]}, "mentions": count,
                                   "share": {**share, "description": "The query's mentions over those of every brand and competitor query."}}}},
                "days": {"type": "array", "items": {
                    "type": "object", "required": ["day", "queries"],
                    "properties": {"day": {"type": "string", "format": "date"}, "queries": {"type": "array", "items": {
                        "type": "object", "required": ["queryId", "mentions", "share"],
                        "properties": {"queryId": {"type": "integer", "format": "int64"}, "mentions": count, "share": share}}}}}},
            },
        },
        "TopAuthors": {
            "type": "object", "required": ["since", "until", "items"],
            "properties": {"since": time, "until": time, "items": {"type": "array", "items": {
                "type": "object", "required": ["author", "posts", "positive", "neutral", "negative"],
                "properties": {"author": {"type": "string"}, "posts": count, "positive": count, "neutral": count, "negative": count,
                               "memberId": {"type": ["integer", "null"], "format": "int64",
                                            "description": "The member recognised as this author (keys that may read members only)."}}}}},
        },
        "AlertSettingsInput": {"type": "object", "additionalProperties": False, "properties": settings_fields},
        "AlertSettings": {"type": "object", "required": list(settings_fields), "properties": settings_fields},
        "AlertWebhookInput": {
            "type": "object", "additionalProperties": False,
            "properties": {
                "url": {"type": "string", "maxLength": 2000, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://",
                        "description": "Required the first time. Called only on public addresses unless allowPrivateNetwork."},
                "enabled": {"type": "boolean"},
                "allowPrivateNetwork": {"type": "boolean", "description": "Owners only; a new url set by anyone else turns it off."},
                "renewSecret": {"type": "boolean", "description": "Makes a new signing secret, returned in this answer only."},
            },
        },
        "AlertWebhook": {
            "type": "object", "required": ["url", "enabled", "allowPrivateNetwork", "createdAt", "updatedAt"],
            "properties": {"url": {"type": "string"}, "enabled": {"type": "boolean"}, "allowPrivateNetwork": {"type": "boolean"},
                           "secret": {"type": ["string", "null"], "description": "Only in the answer that created or renewed it."},
                           "createdAt": time, "updatedAt": time},
        },
        "ListeningAlert": {
            "type": "object",
            "required": ["id", "queryId", "queryName", "kind", "status", "openedAt", "lastTrueAt", "windowMinutes", "observed", "expected", "score"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "queryId": {"type": "integer", "format": "int64"}, "queryName": {"type": "string"},
                "kind": {"type": "string", "enum": ["volume_spike", "negative_share"]}, "status": {"type": "string", "enum": ["open", "closed"]},
                "openedAt": time, "lastTrueAt": time, "closedAt": nullable_time, "windowMinutes": {"type": "integer"},
                "observed": {**count, "description": "Mentions in the window that opened it."},
                "expected": {"type": "number", "description": "Expected mentions per window (spike) or the baseline's negative share (negative)."},
                "score": {"type": "number", "description": "The z-score that opened it."},
                "negativeShare": {"type": ["number", "null"]}, "baselineShare": {"type": ["number", "null"]},
                "acknowledgedAt": nullable_time, "acknowledgedBy": {"type": ["string", "null"]},
                "deliveryStatus": {"type": ["string", "null"], "enum": ["pending", "delivered", "failed", None]},
                "delivery": {"type": ["object", "null"], "required": ["url", "status", "attempts", "history"], "properties": {
                    "url": {"type": "string"}, "status": {"type": "string", "enum": ["pending", "delivered", "failed"]}, "attempts": count,
                    "nextAttemptAt": nullable_time, "lastError": {"type": ["string", "null"]}, "deliveredAt": nullable_time,
                    "history": {"type": "array", "items": {"type": "object", "required": ["attemptedAt", "durationMs"], "properties": {
                        "attemptedAt": time, "statusCode": {"type": ["integer", "null"]}, "error": {"type": ["string", "null"]},
                        "durationMs": count}}}}},
            },
        },
        "ListeningAlertPage": {"type": "object", "required": ["items"], "properties": {
            "items": {"type": "array", "items": ref("ListeningAlert")}, "nextCursor": {"type": "string"}}},
    })
    paths.update({
        "/api/v1/listening/sources/{id}/push": {
            "parameters": [path_id("Push source")],
            "post": {
                "operationId": "pushPosts", "security": [],
                "summary": "Send posts to a push source: JSON Lines (the import's fields), signed with the source's secret.",
                "description": "No API key: the header `Relais-Signature: t=<unix seconds>,v1=<hex>` carries HMAC-SHA256(secret, \"<t>.<raw body>\"). "
                               "A missing or wrong signature, or one made more than 5 minutes away from the server's clock, is a 401. "
                               "Posts are de-duplicated like every post, so a push sent twice stores them once. At most 5 MiB.",
                "parameters": [{"name": "Relais-Signature", "in": "header", "required": False, "schema": {"type": "string"},
                                "description": "t=<unix seconds>,v1=<hex HMAC-SHA256>"}],
                # Described as text/plain, which every client can send; the content type is not checked (application/x-ndjson is fine).
                "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"},
                                                                             "example": '{"id":"tw-42","text":"Malaxo au top"}'}}},
                "responses": {"200": ok(ref("PushReport")), **problems(400, 401, 404, 409, 413)},
            },
        },
        "/api/v1/listening/statistics/sites": {
            "get": {"operationId": "listeningSites", "summary": "Where the brand is discussed: sites (host of the posts' URLs) by posts or by negative share.",
                    "parameters": place_parameters,
                    "responses": {"200": ok(ref("DiscussionPlaces")), **problems(401, 403, 422)}},
        },
        "/api/v1/listening/statistics/sources": {
            "get": {"operationId": "listeningSourcesRanked", "summary": "Where the brand is discussed: sources by posts or by negative share.",
                    "parameters": place_parameters,
                    "responses": {"200": ok(ref("DiscussionPlaces")), **problems(401, 403, 422)}},
        },
        "/api/v1/listening/statistics/share-of-voice": {
            "get": {"operationId": "listeningShareOfVoice",
                    "summary": "Each brand and competitor query's share of their mentions, over the period and per day (UTC).",
                    "parameters": period,
                    "responses": {"200": ok(ref("ShareOfVoice")), **problems(401, 403, 422)}},
        },
        "/api/v1/listening/statistics/authors": {
            "get": {"operationId": "listeningTopAuthors", "summary": "Authors with the most posts mentioned, with their sentiment mix.",
                    "parameters": [query_filter, *period, limit],
                    "responses": {"200": ok(ref("TopAuthors")), **problems(401, 403, 422)}},
        },
        "/api/v1/listening/alerts": {
            "get": {"operationId": "listListeningAlerts", "summary": "Alert episodes, newest first.",
                    "parameters": [{"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "closed"]}},
                                   {**query_filter, "description": "Only this query's alerts."}, *PAGING],
                    "responses": {"200": ok(ref("ListeningAlertPage")), **problems(401, 403, 422)}},
        },
        "/api/v1/listening/alerts/{id}": {
            "parameters": [path_id("Alert")],
            "get": {"operationId": "getListeningAlert", "summary": "One alert with its webhook delivery and every attempt.",
                    "responses": {"200": ok(ref("ListeningAlert")), **problems(401, 403, 404)}},
        },
        "/api/v1/listening/alerts/{id}/acknowledge": {
            "parameters": [path_id("Alert")],
            "post": {"operationId": "acknowledgeListeningAlert", "summary": "Mark an alert as seen (the first acknowledgement is kept).",
                     "responses": {"200": ok(ref("ListeningAlert")), **problems(401, 403, 404)}},
        },
        "/api/v1/listening/queries/{id}/alert-settings": {
            "parameters": [path_id("Query")],
            "get": {"operationId": "getAlertSettings", "summary": "The query's alert settings (the defaults until changed).",
                    "responses": {"200": ok(ref("AlertSettings")), **problems(401, 403, 404)}},
            "put": {"operationId": "setAlertSettings", "summary": "Change the query's alert settings; fields left out keep their value.",
                    "requestBody": json_body(ref("AlertSettingsInput")),
                    "responses": {"200": ok(ref("AlertSettings")), **problems(400, 401, 403, 404, 413, 415, 422)}},
        },
        "/api/v1/listening/alert-webhook": {
            "get": {"operationId": "getAlertWebhook", "summary": "The brand's alert webhook (404 when none is set).",
                    "responses": {"200": ok(ref("AlertWebhook")), **problems(401, 403, 404)}},
            "put": {"operationId": "setAlertWebhook",
                    "summary": "Set the webhook alerts are sent to; the signing secret is returned when it is created or renewed.",
                    "requestBody": json_body(ref("AlertWebhookInput")),
                    "responses": {"200": ok(ref("AlertWebhook")), **problems(400, 401, 403, 413, 415, 422)}},
            "delete": {"operationId": "deleteAlertWebhook", "summary": "Stop sending alerts to a webhook.",
                       "responses": {"204": {"description": "Deleted"}, **problems(401, 403, 404)}},
        },
    })
