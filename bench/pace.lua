-- Pacing for wrk scripts (loaded by guest.lua, refresh.lua, api.lua, cc.lua when RATE is set): each wrk thread
-- sends RATE / BENCH_THREADS requests per second on an open schedule. Every request a connection is about to send
-- claims the thread's next free slot (slots are 1 / rate apart) and waits for it in wrk's delay(), so the time a
-- response takes does not lower the rate; a thread that falls behind (every connection busy) starts again from
-- now instead of sending a catch-up burst, so the achieved rate (wrk's Requests/sec) can only be lower than asked.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_pace_timespec;
int clock_gettime(int clock_id, bench_pace_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_pace_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

-- Returns wrk's delay() for this thread, or nil when RATE is not set (wrk then sends as fast as it can).
return function()
  local rate = tonumber(os.getenv("RATE") or "")
  if not rate or rate <= 0 then return nil end
  local interval = 1000 * tonumber(os.getenv("BENCH_THREADS") or "2") / rate -- ms between this thread's slots
  local next_slot = 0
  return function()
    local now = now_ms()
    if next_slot < now then next_slot = now end
    local wait = next_slot - now
    next_slot = next_slot + interval
    return wait -- wrk truncates to whole ms; the schedule itself keeps the fractions
  end
end
