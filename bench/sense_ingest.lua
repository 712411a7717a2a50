-- wrk script for bench/sense_bench.sh: POST /v1/readings batches that are all new readings.
-- Each wrk thread is one station; each request carries SENSE_BATCH readings: SENSE_BATCH / 4
-- time steps of 10 s, four sensors each (air temperature in °F, so every batch is converted,
-- relative humidity, wind in km/h, solar radiation). Times advance per request, so nothing is
-- a duplicate; they start 200 days ago, inside the default one-year retention.
local batch = tonumber(os.getenv("SENSE_BATCH") or "1000")
local key = os.getenv("SENSE_KEY") or ""
local steps = math.floor(batch / 4)
local next_id = 0

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end

function init(args)
  counter = 0
  base = (os.time() - 200 * 86400) * 1000
  headers = {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}
  station = "bench" .. tid
end

function request()
  local parts = {}
  local n = 0
  local t0 = base + counter * steps * 10000
  counter = counter + 1
  for i = 0, steps - 1 do
    local t = t0 + i * 10000
    local k = i % 200
    n = n + 1
    parts[n] = string.format(
      '{"station":"%s","sensor":"air_temperature","time_ms":%d,"value":%.1f,"unit":"F"}',
      station, t, 59 + k / 10)
    n = n + 1
    parts[n] = string.format(
      '{"station":"%s","sensor":"relative_humidity","time_ms":%d,"value":%.1f,"unit":"%%"}',
      station, t, 40 + k / 5)
    n = n + 1
    parts[n] = string.format(
      '{"station":"%s","sensor":"wind_speed","time_ms":%d,"value":%.1f,"unit":"km/h"}',
      station, t, k / 10)
    n = n + 1
    parts[n] = string.format(
      '{"station":"%s","sensor":"solar_radiation","time_ms":%d,"value":%d,"unit":"W/m2"}',
      station, t, k * 4)
  end
  return wrk.format("POST", "/v1/readings", headers,
                    '{"readings":[' .. table.concat(parts, ",") .. ']}')
end

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("sense_ingest: HTTP " .. status .. ": " .. body:sub(1, 200) .. "\n")
  end
end
