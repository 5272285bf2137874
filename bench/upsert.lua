-- wrk script: POST /api/v1/members with a new e-mail each time (one consent already confirmed).
-- Set RELAIS_API_KEY in the environment.
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = "load" .. tostring(os.time()) .. "-" .. tostring(tid) .. "-"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("RELAIS_API_KEY")
end

function request()
  counter = counter + 1
  local body = '{"email":"' .. prefix .. counter .. '@load.example","firstName":"Camille",' ..
    '"consents":[{"purpose":"newsletter","channel":"email","granted":true,"confirmedAt":"2026-01-01T00:00:00Z"}]}'
  return wrk.format(nil, "/api/v1/members", nil, body)
end

function response(status, headers, body)
  if status ~= 201 then
    errors = (errors or 0) + 1
    if errors < 5 then print("unexpected status " .. status .. ": " .. body) end
  end
end
