-- wrk script: points movements through the API — two earns of 10 for one spend of 5 — on random
-- members of RELAIS_FIRST_MEMBER..RELAIS_LAST_MEMBER, each with a new Idempotency-Key; every
-- 50th request replays the previous one with the same key (it must answer 200 and write nothing).
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  prefix = "ledger" .. tostring(os.time()) .. "-" .. tostring(tid) .. "-"
  counter = 0
  first = tonumber(os.getenv("RELAIS_FIRST_MEMBER"))
  last = tonumber(os.getenv("RELAIS_LAST_MEMBER"))
  auth = "Bearer " .. os.getenv("RELAIS_API_KEY")
  math.randomseed(os.time() * 1000 + tid)
  previous = nil
end

function request()
  counter = counter + 1
  if previous ~= nil and counter % 50 == 0 then
    return previous
  end
  local member = math.random(first, last)
  local body
  if counter % 3 == 0 then
    body = '{"kind":"spend","points":5,"reason":"bench"}'
  else
    body = '{"kind":"earn","points":10,"reason":"bench"}'
  end
  previous = wrk.format("POST", "/api/v1/members/" .. member .. "/points",
    {["Content-Type"] = "application/json", ["Authorization"] = auth, ["Idempotency-Key"] = prefix .. counter}, body)
  return previous
end
