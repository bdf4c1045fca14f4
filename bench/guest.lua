-- wrk script: guest logins (§2.2) with Oro's documented JSON body. Each request is a new visitor.
-- Client credentials come from the environment (bench/run.sh sets them from the seed file it starts with).
local client_id = os.getenv("BENCH_CLIENT_ID") or "storefront0000000000000000000001"
local client_secret = os.getenv("BENCH_CLIENT_SECRET") or "storefront-demo-secret-0000000001"

wrk.method = "POST"
wrk.path = "/oauth2-token"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format(
  '{"grant_type":"password","client_id":"%s","client_secret":"%s","username":"guest","password":"guest"}',
  client_id, client_secret)

-- RATE (requests/s) paces the run (bench/pace.lua); without it wrk sends as fast as it can.
delay = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "pace.lua")()

-- No `response` function: with one, wrk parses every answer's headers and body into Lua for it, which costs the
-- two cores it shares with the server (2-8 us of wrk CPU per login here; cc.lua has none either).
-- Answers with an error status are counted by wrk itself (summary.errors.status, "non-2xx/3xx" below), so a run
-- full of errors is not mistaken for a fast one.

done = function(summary, latency, requests)
  io.write(string.format("guest: %.0f tokens/s, p50 %.2f ms, p99 %.2f ms, socket errors %d, non-2xx/3xx %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
