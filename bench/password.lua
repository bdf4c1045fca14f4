-- wrk script: password grants (§2) of real back-office users on the Development seed's back-office client: each
-- request logs in the next of USERS accounts named USER_PREFIX1 … USER_PREFIX<USERS> (password USER_PASSWORD),
-- thread t taking t, t + BENCH_THREADS, …, so two requests of one wrk run meet on one account only when a thread
-- has more connections than accounts. USERS=0 logs in USER_PREFIX alone (e.g. admin): every request on one account.
local client_id = os.getenv("BENCH_BO_CLIENT_ID") or "backoffice0000000000000000000001"
local client_secret = os.getenv("BENCH_BO_CLIENT_SECRET") or "backoffice-demo-secret-0000000001"
local users = tonumber(os.getenv("USERS") or "0")
local prefix = os.getenv("USER_PREFIX") or "admin"
local password = os.getenv("USER_PASSWORD") or "admin-Passw0rd!"
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "2")

local next_id = 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local base = "grant_type=password&client_id=" .. client_id .. "&client_secret=" .. client_secret .. "&password=" .. password .. "&username="
local turn = 0

function request()
  local name = prefix
  if users > 0 then
    name = prefix .. tostring((id + turn * thread_count) % users + 1)
    turn = turn + 1
  end
  return wrk.format("POST", "/oauth2-token", headers, base .. name)
end

done = function(summary, latency, _)
  io.write(string.format("password grants: %.1f/s, p50 %.0f ms, p99 %.0f ms, socket errors %d (timeouts %d), non-2xx/3xx %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.timeout, summary.errors.status))
end
