-- wrk script for make load: every request asks for the next of the paths
-- given as arguments, compressed as a browser would take it.
local paths = {}
local n = 0

function init(args)
  for i, p in ipairs(args) do
    paths[i] = p
  end
end

function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n], { ["Accept-Encoding"] = "br, gzip" })
end
