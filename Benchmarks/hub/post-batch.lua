-- wrk script: 500 posts per request (a JSON array), unique ids.
local counter = 0
local thread_id = 0
local prefix = "b"
-- An optional argument (wrk ... URL -- PREFIX) keeps ids of parallel wrk processes apart.
function init(args)
  if args[1] then prefix = args[1] end
end
function setup(thread)
  thread:set("tid", thread_id)
  thread_id = thread_id + 1
end
request = function()
  local posts = {}
  for i = 1, 500 do
    counter = counter + 1
    posts[i] = '{"id":"' .. prefix .. tid .. '-' .. counter .. '","text":"This is not good at all, really disappointing #fail #launch","likes":1,"followers":40}'
  end
  return wrk.format("POST", "/api/posts", {["Content-Type"] = "application/json"}, "[" .. table.concat(posts, ",") .. "]")
end
