-- now_ms(): Redis's clock in milliseconds, so workers on hosts with skewed clocks still agree.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
