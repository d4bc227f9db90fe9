-- wrk script: one post per request, each with a unique id (so none is a duplicate).
local counter = 0
local thread_id = 0
function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
request = function()
  counter = counter + 1
  local body = '{"id":"w' .. tid .. '-' .. counter .. '","text":"Loving the new release, great work #swift #launch","likes":3,"followers":120}'
  return wrk.format("POST", "/api/posts", {["Content-Type"] = "application/json"}, body)
end
