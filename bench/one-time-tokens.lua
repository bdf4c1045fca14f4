-- wrk script: GET /storefront/api/me, each request with the next token of a file (one token a line, each used
-- once). Thread k of n takes lines k, k+n, …; a thread stops when its lines run out. Used by the `tokencache`
-- scenario of bench/run.sh to fill the validated-token cache with tokens that are never seen again.
--
--   TOKENS=/tmp/tokens.chunk BENCH_THREADS=2 wrk -t2 -c32 -d1h -s bench/one-time-tokens.lua http://127.0.0.1:5391
local tokens = os.getenv("TOKENS") or error("set TOKENS to a file of access tokens")
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")

local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local lines, non200
function init(args)
  lines = io.open(tokens):lines()
  non200 = 0
  for _ = 2, id do lines() end
end

local function next_token()
  local token = lines()
  for _ = 2, nthreads do lines() end
  return token
end

local exhausted = false
function request()
  local token = next_token()
  if not token then
    exhausted = true
    return wrk.format("GET", "/health/live")
  end
  return wrk.format("GET", "/storefront/api/me", { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  if status ~= 200 then non200 = non200 + 1 end
  if exhausted then wrk.thread:stop() end
end
