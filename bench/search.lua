-- wrk script: GET /api/v1/members?q=… cycling through the queries of the file named by RELAIS_QUERIES.
local queries = {}
local index = 0

function init(args)
  for line in io.lines(os.getenv("RELAIS_QUERIES")) do
    if #line > 0 then table.insert(queries, line) end
  end
  index = math.random(#queries)
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("RELAIS_API_KEY")
end

function request()
  index = index % #queries + 1
  return wrk.format("GET", "/api/v1/members?limit=20&q=" .. queries[index])
end

function response(status, headers, body)
  if status ~= 200 then
    errors = (errors or 0) + 1
    if errors < 5 then print("unexpected status " .. status .. ": " .. body) end
  end
end
