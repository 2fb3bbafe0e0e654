-- Paces each wrk connection: it waits `delay_ms` (first script argument) before each request,
-- so wrk measures the latency a poller sees at a steady rate instead of saturating the server.
local delay_ms = 50
function init(args)
  if args[1] then delay_ms = tonumber(args[1]) end
end
function delay()
  return delay_ms
end
