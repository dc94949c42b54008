-- wrk_queries.lua: makes wrk cycle through a fixed list of request paths.
--
-- Used by bench/http_bench.sh so that newssearch and Groonga are loaded with
-- exactly the same queries (../shared/corpus/queries_mix.jsonl) in the same
-- order. The list is a file with one request path per line (already
-- URL-encoded, e.g. /api/search?q=%EA%B8%88%EB%A6%AC&limit=10), named by
-- the environment variable WRK_PATHS.
--
--   WRK_PATHS=paths.txt wrk -t2 -c64 -d30s --latency -s bench/wrk_queries.lua URL
--
-- Every wrk thread walks the whole list in order, starting at its own offset
-- (thread k of n starts at k/n of the list), so concurrent requests are
-- spread over different queries rather than hitting one at a time.

local paths = {}
local file = os.getenv("WRK_PATHS")
if file == nil or file == "" then
  error("wrk_queries.lua: set WRK_PATHS to a file of request paths")
end
for line in io.lines(file) do
  if line ~= "" then paths[#paths + 1] = line end
end
if #paths == 0 then error("wrk_queries.lua: no paths in " .. file) end

-- setup() runs in the main Lua state once per thread before the threads start.
local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  threads[#threads + 1] = thread
end

local next_index = nil

function init(args)
  local k = thread_index or 0
  local n = tonumber(os.getenv("WRK_THREADS") or "2") or 2
  next_index = (math.floor(#paths * k / n) % #paths) + 1
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("GET", path)
end
