-- refresh.lua - chained refresh_token grant for wrk, for servers that rotate refresh tokens.
--
-- Run with exactly one connection per thread (wrk -t C -c C): each thread owns one refresh-token
-- chain, sends its current token, takes the next one from the response ("refresh_token":"...")
-- and sends that next. A reused (old) token would be treated as theft by a rotating server, so
-- the same-token-reuse load of a plain wrk script is not valid there.
--
-- Env:
--   RT_FILE   one refresh token per line, at least as many lines as threads; rewritten by done()
--             with each chain's last token, so warm-up and measured runs continue the chains
--   RT_AUTH   client authentication appended to the body, e.g. "client_id=x&client_secret=y"
--   RT_BASIC  optional value for an Authorization header instead (e.g. "Basic eHh4Onl5eQ==")
--   RT_EXTRA  optional extra form parameters (e.g. "scope=openid")
-- Prints one line "WRKSUM requests seconds non2xx sockerr p50 p90 p99 max" (ms) plus
-- "RTCHAIN ok=.. no_token=.. failed=.." and the first error body, if any.

local rt_file = os.getenv("RT_FILE")
local tokens = {}
local threads = {}

local function read_tokens()
  local f = assert(io.open(rt_file, "r"), "cannot open RT_FILE " .. tostring(rt_file))
  for line in f:lines() do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  f:close()
end

function setup(thread)
  if #tokens == 0 then read_tokens() end
  local i = #threads + 1
  assert(tokens[i], "RT_FILE has fewer tokens than wrk threads")
  thread:set("rt", tokens[i])
  thread:set("index", i)
  threads[i] = thread
end

function init(args)
  auth = os.getenv("RT_AUTH") or ""
  extra = os.getenv("RT_EXTRA") or ""
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json" }
  local basic = os.getenv("RT_BASIC")
  if basic and #basic > 0 then headers["Authorization"] = basic end
  ok, no_token, failed, first_error = 0, 0, 0, ""
end

function request()
  local body = "grant_type=refresh_token&refresh_token=" .. rt
  if #auth > 0 then body = body .. "&" .. auth end
  if #extra > 0 then body = body .. "&" .. extra end
  return wrk.format("POST", nil, headers, body)
end

function response(status, hdrs, body)
  if status == 200 then
    local nxt = body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if nxt then rt = nxt; ok = ok + 1 else no_token = no_token + 1 end
  else
    failed = failed + 1
    if #first_error == 0 then first_error = status .. " " .. string.sub(body or "", 1, 300) end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSUM %d %.6f %d %d %.3f %.3f %.3f %.3f\n",
    summary.requests, summary.duration / 1e6, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  local f = assert(io.open(rt_file, "w"))
  local tok, nt, fl, err = 0, 0, 0, ""
  for i, t in ipairs(threads) do
    f:write(t:get("rt"), "\n")
    tok = tok + (t:get("ok") or 0); nt = nt + (t:get("no_token") or 0); fl = fl + (t:get("failed") or 0)
    local fe = t:get("first_error")
    if #err == 0 and fe and #fe > 0 then err = fe end
  end
  -- tokens beyond the thread count stay as they were
  for i = #threads + 1, #tokens do f:write(tokens[i], "\n") end
  f:close()
  io.write(string.format("RTCHAIN ok=%d no_token=%d failed=%d\n", tok, nt, fl))
  if #err > 0 then io.write("RTERROR " .. err:gsub("\n", " ") .. "\n") end
end
