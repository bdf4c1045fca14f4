-- wrk script: GET /storefront/api/me, each request with the next token of a file (one token a line, each used
-- once), starting after the first SKIP lines. Thread k of n takes lines k, k+n, …; a thread whose lines run out
-- stops sending (wrk still waits for -d, so run phases short enough for the file). Used by the `tokencache`
-- scenario of bench/run.sh to fill the validated-token cache with tokens that are never seen again.
--
--   TOKENS=/tmp/tokens SKIP=0 BENCH_THREADS=2 wrk -t2 -c32 -d10s -s bench/one-time-tokens.lua http://127.0.0.1:5391
local tokens = os.getenv("TOKENS") or error("set TOKENS to a file of access tokens")
local skip = tonumber(os.getenv("SKIP") or "0")
local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
-- LIMIT (optional): the phase spends at most this many tokens in all, then sends /health/live until -d ends.
local limit = tonumber(os.getenv("LIMIT") or "0")
local sent = 0

local next_id = 1
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local lines
function init(args)
  lines = io.open(tokens):lines()
  for _ = 1, skip + id - 1 do lines() end
end

local function next_token()
  local token = lines()
  for _ = 2, nthreads do lines() end
  return token
end

-- DONE (optional): a file prefix; a thread that has spent its tokens creates DONE.<thread>, so the caller can stop
-- wrk (which otherwise waits out -d).
local done_prefix = os.getenv("DONE")
local finished = false

function request()
  local token = (limit == 0 or sent < limit / nthreads) and next_token()
  sent = sent + 1
  if not token then
    if done_prefix and not finished then io.open(done_prefix .. "." .. id, "w"):close() end
    finished = true
    wrk.thread:stop()
    return wrk.format("GET", "/health/live")
  end
  return wrk.format("GET", "/storefront/api/me", { ["Authorization"] = "Bearer " .. token })
end
