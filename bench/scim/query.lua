-- wrk -s bench/scim/query.lua URL: SCIM GETs of a random user (or page) per request.
-- Env: SCIM_MODE=username|email|paged  SCIM_USERS=N (users user1..userN exist)  SCIM_TOKEN (bearer)
--      SCIM_PAGE=100 (count of a paged request)
local mode = os.getenv("SCIM_MODE") or "username"
local users = tonumber(os.getenv("SCIM_USERS") or "1000")
local page = tonumber(os.getenv("SCIM_PAGE") or "100")
local token = os.getenv("SCIM_TOKEN") or ""
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  -- every thread its own sequence
  math.randomseed(os.time() * 7919 + (tid or 0) * 104729)
  wrk.headers["Authorization"] = "Bearer " .. token
  wrk.headers["Accept"] = "application/scim+json"
end

local function enc(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local path
  if mode == "username" then
    path = "/scim2/Users?filter=" .. enc('userName eq "user' .. math.random(1, users) .. '"')
  elseif mode == "email" then
    path = "/scim2/Users?filter=" .. enc('emails.value eq "user' .. math.random(1, users) .. '@example.com"')
  else
    local start = math.random(1, math.max(1, users - page + 1))
    path = "/scim2/Users?sortBy=userName&startIndex=" .. start .. "&count=" .. page
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSUM %d %.6f %d %d %.3f %.3f %.3f %.3f\n",
    summary.requests, summary.duration / 1e6, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
