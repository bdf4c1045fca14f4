-- wrk script: bearer-token API requests (§7.1), GET /api/users/{id} with one valid back-office access token.
--
--   TOKEN=$(curl -s -XPOST http://127.0.0.1:5391/oauth2-token -d grant_type=password \
--     -d client_id=backoffice0000000000000000000001 -d client_secret=backoffice-demo-secret-0000000001 \
--     -d username=admin -d 'password=admin-Passw0rd!' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
--   TOKEN=$TOKEN wrk -t2 -c32 -d20s -s bench/api.lua http://127.0.0.1:5391
local token = os.getenv("TOKEN") or error("set TOKEN to a back-office access token")
-- API_PATH picks the route: GET /api/users/1 by default, or /storefront/api/me with a storefront token.
local path = os.getenv("API_PATH") or ("/api/users/" .. (os.getenv("USER_ID") or "1"))

wrk.method = "GET"
wrk.path = path
wrk.headers["Authorization"] = "Bearer " .. token

-- RATE (requests/s) paces the run (bench/pace.lua); without it wrk sends as fast as it can.
delay = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "pace.lua")()

local threads = {}
non200 = 0

function setup(thread)
  table.insert(threads, thread)
end

function response(status)
  if status ~= 200 then non200 = non200 + 1 end
end

function done(summary, latency, _)
  local failed = 0
  for _, thread in ipairs(threads) do failed = failed + thread:get("non200") end
  io.write(string.format(path .. ": %.0f req/s, p50 %.2f ms, p99 %.2f ms, non-200 %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, failed))
end
