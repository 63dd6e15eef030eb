-- The intake benches' C client (intake_bench.py --client wrk): one wrk thread, one connection, one visitor
-- who submits forms one after another, as the Python client does, at a fraction of its CPU:
--   GET the published form (nginx, SSI `client_token`), POST it with a same-origin Origin header, and read
--   the number in the POST's answer: only then is the submission acknowledged. A POST answered with
--   anything else (502 while the app is down, a connection error) is sent again, the SAME body and token,
--   after 300 ms, as a browser's resubmission. New submissions stop at `stop_at`; retries go on until wrk's
--   own duration (the grace) ends.
-- Arguments (after `--`): paths file, bodies file (one urlencoded body per line, BENCHMARKER where the
-- submission's marker goes), output prefix, origin, stop_at (CLOCK_MONOTONIC seconds, as Python's
-- time.monotonic). Each thread writes <prefix>-<id>.tsv: "S marker path token" when a submission's first POST
-- goes out, "A marker element-id number monotonic-seconds posts" when it is acknowledged.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } gk_timespec;
int clock_gettime(int clk_id, gk_timespec *tp);
]])
local timespec = ffi.new("gk_timespec")
local function monotonic()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local created = 0
function setup(thread)
  created = created + 1
  thread:set("id", created)
end

local function read_lines(path)
  local lines = {}
  for line in io.lines(path) do
    if line ~= "" then
      lines[#lines + 1] = line
    end
  end
  return lines
end

local paths, bodies, out, headers, stop_at
local seq, sub, pause = 0, nil, 0

function init(args)
  paths, bodies = read_lines(args[1]), read_lines(args[2])
  out = assert(io.open(string.format("%s-%03d.tsv", args[3], id), "w"))
  headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = args[4],
    ["Referer"] = args[4] .. "/",
    ["User-Agent"] = "gongkai-bench-wrk",
  }
  stop_at = tonumber(args[5])
  math.randomseed(id * 7919 + os.time())
end

function delay()
  local ms = pause
  pause = 0
  return ms
end

function request()
  if sub == nil then
    if monotonic() >= stop_at then
      pause = 1000 -- no new submission: an idle visitor looks at the form once a second
      return wrk.format("GET", paths[1])
    end
    seq = seq + 1
    sub = {
      path = paths[(id + seq) % #paths + 1],
      marker = string.format("BENCH-%02d-%05d-%06x", id, seq, math.random(0, 0xffffff)),
      posts = 0,
    }
  end
  if sub.body == nil then
    return wrk.format("GET", sub.path)
  end
  sub.posts = sub.posts + 1
  if sub.posts == 1 then
    out:write("S\t", sub.marker, "\t", sub.path, "\t", sub.token, "\n")
  end
  return wrk.format("POST", sub.path, headers, sub.body)
end

function response(status, response_headers, body)
  if sub == nil then
    return
  end
  if sub.body == nil then -- the form
    local token = status == 200 and body:match('name="client_token" value="([0-9a-f%-]+)"')
    if token then
      local template = bodies[(id * 131 + seq) % #bodies + 1]
      sub.token = token
      sub.body = template:gsub("BENCHMARKER", sub.marker, 1) .. "&client_token=" .. token
    else
      pause = 300
    end
    return
  end
  local element, number = nil, nil
  if status == 200 then
    element, number = body:match('id="([%a]+%-number)">%s*([0-9A-Z]+)%s*<')
  end
  if number then
    out:write("A\t", sub.marker, "\t", element, "\t", number, "\t", string.format("%.4f", monotonic()), "\t", sub.posts, "\n")
    out:flush()
    sub = nil
  else
    pause = 300
  end
end
