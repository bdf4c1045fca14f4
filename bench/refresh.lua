-- wrk script: refresh_token grants (§3) from a pool of refresh tokens. Every 200 hands back the rotated refresh
-- token, which replaces the one just used; a token is never in flight twice, so no request is reuse.
--
--   bench/make-refresh-pool.sh > /tmp/refresh-pool.txt
--   POOL=/tmp/refresh-pool.txt wrk -t2 -c32 -d20s -s bench/refresh.lua http://127.0.0.1:5391
--
-- Each wrk thread takes every n-th line of the pool (n = BENCH_THREADS, default 2: set it to wrk's -t); keep
-- the pool several times larger than the connections.
local client_id = os.getenv("BENCH_CLIENT_ID") or "backoffice0000000000000000000001"
local client_secret = os.getenv("BENCH_CLIENT_SECRET") or "backoffice-demo-secret-0000000001"
local pool_file = os.getenv("POOL") or "/tmp/refresh-pool.txt"
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "2")

-- RATE (requests/s) paces the run (bench/pace.lua); without it wrk sends as fast as it can.
delay = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "pace.lua")()

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Per thread: a FIFO of tokens not in flight.
local queue, head, tail = {}, 1, 0
non200 = 0
starved = 0

local function push(token)
  tail = tail + 1
  queue[tail] = token
end

function init(args)
  local n = 0
  for line in io.lines(pool_file) do
    if n % thread_count == id and #line > 0 then push(line) end
    n = n + 1
  end
end

local prefix = "grant_type=refresh_token&client_id=" .. client_id .. "&client_secret=" .. client_secret .. "&refresh_token="
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function request()
  local token = ""
  if head <= tail then
    token = queue[head]
    queue[head] = nil
    head = head + 1
  else
    starved = starved + 1
  end
  return wrk.format("POST", "/oauth2-token", headers, prefix .. token)
end

function response(status, _, body)
  if status == 200 then
    local token = body:match('"refresh_token":"([^"]+)"')
    if token then push(token) end
  else
    non200 = non200 + 1
  end
end

function done(summary, latency, _)
  local failed, empty = 0, 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("non200")
    empty = empty + thread:get("starved")
  end
  io.write(string.format("refresh: %.0f grants/s, p50 %.2f ms, p99 %.2f ms, non-200 %d, requests without a token %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed, empty))
end
