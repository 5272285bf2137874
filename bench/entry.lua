-- wrk script: POST an entry to the public entry endpoint with a new e-mail each time, the rules
-- accepted and the newsletter consent ticked. Set RELAIS_ENTRY_PATH in the environment.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = "entry" .. tostring(os.time()) .. "-" .. tostring(tid) .. "-"
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = '{"email":"' .. prefix .. counter .. '@load.example","firstName":"Camille","lastName":"Martin",' ..
    '"birthDate":"1990-04-02","acceptRulesVersion":1,"consents":[{"purpose":"newsletter","wordingVersion":1}]}'
  return wrk.format(nil, os.getenv("RELAIS_ENTRY_PATH"), {["Content-Type"] = "application/json", ["Idempotency-Key"] = prefix .. counter}, body)
end

function response(status, headers, body)
  if status ~= 201 then
    errors = (errors or 0) + 1
    if errors < 5 then print("unexpected status " .. status .. ": " .. body) end
  end
end
