-- wrk script: client_credentials grants (§4) of the Development seed's back-office client (an RS256 access token
-- per request, no refresh token). CC_CLIENT_ID / CC_CLIENT_SECRET point it at another client.
local client_id = os.getenv("CC_CLIENT_ID") or "backoffice0000000000000000000001"
local client_secret = os.getenv("CC_CLIENT_SECRET") or "backoffice-demo-secret-0000000001"

wrk.method = "POST"
wrk.path = "/oauth2-token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=" .. client_id .. "&client_secret=" .. client_secret

-- RATE (requests/s) paces the run (bench/pace.lua); without it wrk sends as fast as it can.
delay = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "pace.lua")()

done = function(summary, latency, _)
  io.write(string.format("client_credentials: %.0f tokens/s, p50 %.2f ms, p99 %.2f ms, socket errors %d, non-2xx/3xx %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
