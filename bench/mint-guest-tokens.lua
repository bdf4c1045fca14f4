-- wrk script: mints guest access tokens (§2.2) into files, one per wrk thread: $OUT.1, $OUT.2, … Each thread
-- stops after COUNT / threads tokens. Used by the `tokencache` scenario of bench/run.sh; FIELD=refresh_token keeps
-- the refresh tokens instead, each a new family (bench/refresh-first.sh).
--
--   OUT=/tmp/tokens COUNT=100000 BENCH_THREADS=2 wrk -t2 -c32 -d1h -s bench/mint-guest-tokens.lua http://127.0.0.1:5391
local client_id = os.getenv("BENCH_CLIENT_ID") or "storefront0000000000000000000001"
local client_secret = os.getenv("BENCH_CLIENT_SECRET") or "storefront-demo-secret-0000000001"
local out = os.getenv("OUT") or error("set OUT to the token file prefix")
local count = tonumber(os.getenv("COUNT") or error("set COUNT"))
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
local field = os.getenv("FIELD") or "access_token"
local pattern = '"' .. field .. '":"([^"]+)"'

wrk.method = "POST"
wrk.path = "/oauth2-token"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format(
  '{"grant_type":"password","client_id":"%s","client_secret":"%s","username":"guest","password":"guest"}',
  client_id, client_secret)

local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local file, written
function init(args)
  file = io.open(out .. "." .. id, "w")
  written = 0
end

function response(status, headers, body)
  if written >= count / nthreads then
    file:flush()
    io.open(out .. "." .. id .. ".done", "w"):close()  -- wrk waits out -d: the caller stops it on these files
    wrk.thread:stop()
    return
  end
  local token = status == 200 and body:match(pattern)
  if token then
    file:write(token, "\n")
    written = written + 1
  end
end
