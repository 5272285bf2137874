"""Listening in the OpenAPI document: feed sources, brand queries, mentions and their statistics.

Imported by openapi_source.py, which passes its shared helpers.
"""


def add(paths, schemas, ref, ok, problems, json_body, PAGING, time):
    def path_id(what):
        return {"name": "id", "in": "path", "required": True, "description": f"{what} id.",
                "schema": {"type": "integer", "format": "int64", "minimum": 1}}

    source_id, query_id = path_id("Source"), path_id("Query")
    nullable_time = {"type": ["string", "null"], "format": "date-time"}
    source_fields = {
        "kind": {"type": "string", "enum": ["feed", "push"],
                 "description": "feed (default): an RSS or Atom feed Relais polls. push: posts are sent to the source's pushUrl, signed with its "
                                "secret (returned once, in the answer to the creation). Set at creation only."},
        "url": {"type": "string", "maxLength": 2000, "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://",
                "description": "The RSS or Atom feed, http or https. Fetched only from public addresses unless allowPrivateNetwork."},
        "label": {"type": "string", "maxLength": 200, "description": "Defaults to the feed's host."},
        "pollIntervalMinutes": {"type": "integer", "minimum": 5, "maximum": 1440, "description": "Default 60."},
        "enabled": {"type": "boolean", "description": "Polled by the background job (default true); a disabled source is polled only on demand."},
        "allowPrivateNetwork": {"type": "boolean",
                                "description": "Lets the feed be on a private, loopback or link-local address (an intranet feed). "
                                               "Only an owner may turn it on; a new url set by anyone else turns it off."},
    }
    kind = {"type": "string", "enum": ["brand", "product", "competitor", "crisis"]}
    query_fields = {
        "name": {"type": "string", "minLength": 1, "maxLength": 200},
        "kind": {**kind, "description": "What the query watches (default brand)."},
        "query": {"type": "string", "minLength": 1, "maxLength": 4000,
                  "description": "Boolean query (docs/QUERY-LANGUAGE.md). A query that does not parse is refused with a field error "
                                 "whose message gives the position (\"… (at character n)\")."},
    }
    sentiment = {"type": "string", "enum": ["negative", "neutral", "positive"]}
    schemas.update({
        "FeedSourceInput": {"type": "object", "additionalProperties": False, "required": ["url"], "properties": source_fields},
        "FeedSourceChanges": {"type": "object", "additionalProperties": False, "properties": source_fields},
        "FeedSource": {
            "type": "object",
            "required": ["id", "kind", "url", "label", "pollIntervalMinutes", "enabled", "allowPrivateNetwork", "status", "consecutiveFailures",
                         "nextAttemptAt", "postsRead", "createdAt", "updatedAt"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "kind": {"type": "string", "enum": ["feed", "push"]},
                "url": {"type": "string", "description": "Empty for a push source."}, "label": {"type": "string"},
                "pushUrl": {"type": ["string", "null"], "description": "A push source's address (path under the server's base URL)."},
                "pushSecret": {"type": ["string", "null"], "description": "A push source's signing secret, only in the answer that created it."},
                "pollIntervalMinutes": {"type": "integer"}, "enabled": {"type": "boolean"}, "allowPrivateNetwork": {"type": "boolean"},
                "status": {"type": "string", "enum": ["pending", "ok", "failing"]},
                "lastError": {"type": ["string", "null"], "description": "Why the last poll failed, in English."},
                "consecutiveFailures": {"type": "integer", "minimum": 0, "description": "Failed polls in a row; each doubles the wait (at most a day)."},
                "lastPolledAt": nullable_time, "lastSuccessAt": nullable_time, "nextAttemptAt": time,
                "postsRead": {"type": "integer", "format": "int64", "minimum": 0, "description": "New posts read from it, after de-duplication."},
                "createdAt": time, "updatedAt": time,
            },
        },
        "FeedSourceList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": ref("FeedSource")}}},
        "PollReport": {
            "type": "object", "required": ["outcome", "newPosts", "duplicates", "newMentions", "source"],
            "properties": {
                "outcome": {"type": "string", "enum": ["fetched", "not_modified", "failed"]},
                "newPosts": {"type": "integer", "minimum": 0}, "duplicates": {"type": "integer", "minimum": 0},
                "newMentions": {"type": "integer", "minimum": 0}, "error": {"type": ["string", "null"]}, "source": ref("FeedSource"),
            },
        },
        "ListeningQueryInput": {"type": "object", "additionalProperties": False, "required": ["name", "query"], "properties": query_fields},
        "ListeningQueryChanges": {"type": "object", "additionalProperties": False, "properties": query_fields},
        "ListeningQuery": {
            "type": "object", "required": ["id", "name", "kind", "query", "createdAt", "updatedAt"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "name": {"type": "string"}, "kind": kind, "query": {"type": "string"},
                "canonical": {"type": ["string", "null"], "description": "The query with explicit operators and normalised words."},
                "error": {"type": ["string", "null"], "description": "Why a stored query no longer parses (it then matches nothing)."},
                "createdAt": time, "updatedAt": time,
            },
        },
        "ListeningQueryList": {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": ref("ListeningQuery")}}},
        "Mention": {
            "type": "object",
            "required": ["id", "queryId", "queryName", "sentiment", "sentimentScore", "highlights", "publishedAt", "post"],
            "properties": {
                "id": {"type": "integer", "format": "int64"}, "queryId": {"type": "integer", "format": "int64"}, "queryName": {"type": "string"},
                "sourceId": {"type": ["integer", "null"], "format": "int64"}, "sourceLabel": {"type": ["string", "null"]},
                "language": {"type": ["string", "null"], "description": "fr or en when detected, else the feed's declared language."},
                "sentiment": sentiment, "sentimentScore": {"type": "number", "minimum": -1, "maximum": 1},
                "highlights": {"type": "array", "items": {
                    "type": "object", "required": ["field", "start", "end", "text"],
                    "properties": {"field": {"type": "string", "enum": ["title", "text", "author"]},
                                   "start": {"type": "integer", "minimum": 0, "description": "UTF-16 offset in the field."},
                                   "end": {"type": "integer", "minimum": 0}, "text": {"type": "string"}}}},
                "publishedAt": time,
                "post": {"type": "object", "required": ["id", "site", "title", "text", "author"], "properties": {
                    "id": {"type": "integer", "format": "int64"}, "url": {"type": ["string", "null"]}, "site": {"type": "string"},
                    "title": {"type": "string"}, "text": {"type": "string", "description": "Plain text, HTML stripped."},
                    "author": {"type": "string"},
                    "memberId": {"type": ["integer", "null"], "format": "int64",
                                 "description": "The brand's member recognised as the author (keys that may read members only)."}}},
            },
        },
        "MentionPage": {"type": "object", "required": ["items"], "properties": {
            "items": {"type": "array", "items": ref("Mention")}, "nextCursor": {"type": "string"}}},
        "PostImportInput": {
            "type": "object", "additionalProperties": False, "required": ["format", "data"],
            "properties": {
                "format": {"type": "string", "enum": ["jsonl", "csv"]},
                "data": {"type": "string", "description": "JSON Lines (one object per line) or CSV with a header; fields url, id, title, "
                                                          "text (HTML stripped), author, authorEmail, authorUrl, publishedAt, language (docs/LISTENING.md)."},
            },
        },
        "PostImportReport": {
            "type": "object", "required": ["read", "newPosts", "duplicates", "newMentions", "errors"],
            "properties": {
                "read": {"type": "integer", "minimum": 0}, "newPosts": {"type": "integer", "minimum": 0},
                "duplicates": {"type": "integer", "minimum": 0}, "newMentions": {"type": "integer", "minimum": 0},
                "errors": {"type": "array", "items": {"type": "object", "required": ["line", "message"],
                                                      "properties": {"line": {"type": "integer", "minimum": 1}, "message": {"type": "string"}}}},
            },
        },
        "MentionStatistics": {
            "type": "object", "required": ["since", "until", "days"],
            "properties": {"since": time, "until": time, "days": {"type": "array", "items": {
                "type": "object", "required": ["queryId", "day", "mentions", "negative", "negativeShare"],
                "properties": {"queryId": {"type": "integer", "format": "int64"}, "day": {"type": "string", "format": "date"},
                               "mentions": {"type": "integer", "minimum": 0}, "negative": {"type": "integer", "minimum": 0},
                               "negativeShare": {"type": "number", "minimum": 0, "maximum": 1}}}}},
        },
    })
    period = [
        {"name": "since", "in": "query", "description": "Published at or after: YYYY-MM-DD (UTC) or an ISO 8601 date-time.",
         "schema": {"type": "string"}},
        {"name": "until", "in": "query", "description": "Published before: YYYY-MM-DD (UTC) or an ISO 8601 date-time.",
         "schema": {"type": "string"}},
    ]
    query_filter = {"name": "query", "in": "query", "description": "Only this query's mentions.",
                    "schema": {"type": "integer", "format": "int64", "minimum": 1}}
    filters = [
        query_filter,
        {"name": "sentiment", "in": "query", "schema": sentiment},
        {"name": "source", "in": "query", "description": "Only mentions read from this source.",
         "schema": {"type": "integer", "format": "int64", "minimum": 1}},
        {"name": "language", "in": "query", "description": "Language code, e.g. fr or en.",
         "schema": {"type": "string", "pattern": "^[A-Za-z]{1,8}$"}},
        *period,
    ]
    paths.update({
        "/api/v1/listening/sources": {
            "get": {"operationId": "listFeedSources", "summary": "The brand's feed sources with their polling status.",
                    "responses": {"200": ok(ref("FeedSourceList")), **problems(401, 403)}},
            "post": {"operationId": "createFeedSource", "summary": "Follow a feed; it is polled at once by the background job, then every interval.",
                     "requestBody": json_body(ref("FeedSourceInput")),
                     "responses": {"201": ok(ref("FeedSource"), "Created"), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/listening/sources/{id}": {
            "parameters": [source_id],
            "get": {"operationId": "getFeedSource", "summary": "One source and its status.",
                    "responses": {"200": ok(ref("FeedSource")), **problems(401, 403, 404)}},
            "patch": {"operationId": "updateFeedSource", "summary": "Change a source; a new url is polled at once.",
                      "requestBody": json_body(ref("FeedSourceChanges")),
                      "responses": {"200": ok(ref("FeedSource")), **problems(400, 401, 403, 404, 413, 415, 422)}},
            "delete": {"operationId": "deleteFeedSource", "summary": "Stop following a feed, with the posts read from it and their mentions.",
                       "responses": {"204": {"description": "Deleted"}, **problems(401, 403, 404)}},
        },
        "/api/v1/listening/sources/{id}/poll": {
            "parameters": [source_id],
            "post": {"operationId": "pollFeedSource",
                     "summary": "Poll the feed now (safe fetching applies: at most 5 redirects, 5 MiB, 10 s); the answer says what it read. "
                                "A push source is not polled (409).",
                     "responses": {"200": ok(ref("PollReport")), **problems(401, 403, 404, 409)}},
        },
        "/api/v1/listening/queries": {
            "get": {"operationId": "listListeningQueries", "summary": "The brand's queries.",
                    "responses": {"200": ok(ref("ListeningQueryList")), **problems(401, 403)}},
            "post": {"operationId": "createListeningQuery", "summary": "Add a query; every post that arrives from now on is matched against it.",
                     "requestBody": json_body(ref("ListeningQueryInput")),
                     "responses": {"201": ok(ref("ListeningQuery"), "Created"), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/listening/queries/{id}": {
            "parameters": [query_id],
            "get": {"operationId": "getListeningQuery", "summary": "One query.",
                    "responses": {"200": ok(ref("ListeningQuery")), **problems(401, 403, 404)}},
            "patch": {"operationId": "updateListeningQuery", "summary": "Change a query; a new text replaces the mentions of the last 30 days with what it finds (older ones stay).",
                      "requestBody": json_body(ref("ListeningQueryChanges")),
                      "responses": {"200": ok(ref("ListeningQuery")), **problems(400, 401, 403, 404, 413, 415, 422)}},
            "delete": {"operationId": "deleteListeningQuery", "summary": "Delete a query and its mentions.",
                       "responses": {"204": {"description": "Deleted"}, **problems(401, 403, 404)}},
        },
        "/api/v1/listening/imports": {
            "post": {"operationId": "importPosts",
                     "summary": "Import posts exported from other tools (JSON Lines or CSV); lines with a problem are reported and skipped.",
                     "requestBody": json_body(ref("PostImportInput")),
                     "responses": {"200": ok(ref("PostImportReport")), **problems(400, 401, 403, 413, 415, 422)}},
        },
        "/api/v1/listening/mentions": {
            "get": {"operationId": "listMentions", "summary": "The mention stream, newest first, with filters.",
                    "parameters": [*filters, *PAGING],
                    "responses": {"200": ok(ref("MentionPage")), **problems(401, 403, 422)}},
        },
        "/api/v1/listening/statistics": {
            "get": {"operationId": "mentionStatistics",
                    "summary": "Mentions and negative share per day (UTC) and per query; the last 30 days by default, at most 366.",
                    "parameters": [query_filter, *period],
                    "responses": {"200": ok(ref("MentionStatistics")), **problems(401, 403, 422)}},
        },
    })
