-- wrk script: follow share links /r/{code} as a phone browser without cookies (every request a
-- new visitor), codes drawn from RELAIS_CODES_FILE with a Zipf popularity (exponent 1.0): a few
-- links are followed very often, most rarely, as when members share to audiences of all sizes.
local codes = {}
local cdf = {}

function init(args)
  for line in io.lines(os.getenv("RELAIS_CODES_FILE")) do
    if #line > 0 then table.insert(codes, line) end
  end
  local total = 0
  for k = 1, #codes do
    total = total + 1 / k
    cdf[k] = total
  end
  for k = 1, #codes do cdf[k] = cdf[k] / total end
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8)) or 0))
  wrk.headers["User-Agent"] = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
end

local function pick()
  local u = math.random()
  local lo, hi = 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return codes[lo]
end

function request()
  return wrk.format("GET", "/r/" .. pick())
end
