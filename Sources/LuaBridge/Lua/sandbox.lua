-- `allow_it` is the embedder's advice on lifting a restriction, ending "to allow it".
local host, trusted, search_path, memory_limit, allow_it = ...

local error, next, pairs, rawget, rawlen, rawset, select, setmetatable, tostring, type =
      error, next, pairs, rawget, rawlen, rawset, select, setmetatable, tostring, type
local format = string.format
local getinfo = debug.getinfo
local io_write = io.write

-- Read-only views: each view is an empty table whose metatable reads from the table behind it.
-- These weak tables map a view to that table and to its name, so the raw functions given to
-- scripts can treat a view as what it shows and refuse to write to it.
local behind = setmetatable({}, { __mode = "k" })
local view_names = setmetatable({}, { __mode = "k" })

-- Raises the refusal, blamed on the Lua code that tried the write (the caller of the
-- metamethod or of rawset, or the code that called a library function such as table.insert).
local function refuse(name, key)
  local level = 3
  local info = getinfo(level, "S")
  if info and info.what == "C" then level = level + 1 end
  error(format("'%s' is read-only: cannot set '%s'", name, tostring(key)), level)
end

-- `next` for scripts: on a view it walks the table behind it, which stays out of reach.
local function view_next(t, key)
  return next(behind[t] or t, key)
end

-- A read-only view of `t`: reads go straight to `t` (a table __index, so no function call),
-- writes are refused with the table's name, and iteration never hands out `t` itself.
local function readonly(t, name)
  local view = setmetatable({}, {
    __index = t,
    __newindex = function(_, key) refuse(name, key) end,
    __pairs = function(v) return view_next, v, nil end,
    __len = function() return #t end,
    __metatable = false,
  })
  behind[view] = t
  view_names[view] = name
  return view
end

-- A read-only view of an API table, with the plain tables inside it read-only as well.
local function readonly_api(t, name, seen)
  seen = seen or {}
  if seen[t] then return seen[t] end
  local copy = {}
  seen[t] = readonly(copy, name)
  for key, value in next, t do
    if type(value) == "table" and behind[value] == nil then
      value = readonly_api(value, name .. "." .. tostring(key), seen)
    end
    copy[key] = value
  end
  return seen[t]
end

local loaded = {}          -- modules loaded by `require`, shared by every environment
local api = {}             -- API tables added by the host

if trusted then
  -- The stock environment, with the library folders added to `require`'s search path.
  local prefix = {}
  for _, folder in ipairs(search_path) do
    prefix[#prefix + 1] = folder .. "/?.lua;" .. folder .. "/?/init.lua;"
  end
  package.path = table.concat(prefix) .. package.path
  return {
    new_env = function() return _G end,
    add_global = function(name, value)
      _G[name] = type(value) == "table" and readonly_api(value, name) or value
    end,
  }
end

local function refusal(name, advice)
  return function()
    error(format("%s is not available in the sandbox (%s)", name, advice), 2)
  end
end

local TRUSTED = allow_it

-- Copies the allowed fields of `lib` and puts refusing functions at the refused names.
local function sandboxed(name, lib, allowed, refused, advice)
  local safe = {}
  for _, key in ipairs(allowed) do safe[key] = lib[key] end
  for _, key in ipairs(refused) do safe[key] = refusal(name .. "." .. key, advice) end
  return safe
end

local safe_string = sandboxed("string", string,
  { "byte", "char", "find", "format", "gmatch", "gsub", "len", "lower", "match", "pack",
    "packsize", "reverse", "sub", "unpack", "upper" },
  { "dump" }, "bytecode cannot be loaded in the sandbox")

-- string.rep with a size check first, so a result larger than the memory limit is Lua's own
-- memory error (instead of an attempt to allocate it, or Lua's "resulting string too large").
local rep = string.rep
safe_string.rep = function(s, n, sep)
  if memory_limit and type(n) == "number" and n > 0 then
    local piece = (type(s) == "string" and #s or 0) + (type(sep) == "string" and #sep or 0)
    if piece * n > memory_limit then
      host.memory_error()
    end
  end
  return rep(s, n, sep)
end
-- Methods on strings ("x"):upper() use the safe copy, and nobody can change that metatable.
local string_meta = getmetatable("")
string_meta.__index = safe_string
string_meta.__metatable = false

local function copy(lib)
  local c = {}
  for k, v in pairs(lib) do c[k] = v end
  return c
end

local base = {
  _VERSION = _VERSION,
  assert = assert, error = error, getmetatable = getmetatable, ipairs = ipairs, next = view_next,
  pairs = pairs, pcall = pcall, print = print, rawequal = rawequal,
  -- The raw functions see through views, and refuse to write to them.
  rawget = function(t, key) return rawget(behind[t] or t, key) end,
  rawlen = function(t) return rawlen(behind[t] or t) end,
  rawset = function(t, key, value)
    local name = view_names[t]
    if name then refuse(name, key) end
    return rawset(t, key, value)
  end,
  select = select, setmetatable = setmetatable,
  tonumber = tonumber, tostring = tostring, type = type, xpcall = xpcall,
  collectgarbage = collectgarbage, warn = warn,
  string = readonly(safe_string, "string"),
  table = readonly(copy(table), "table"),
  math = readonly(copy(math), "math"),
  utf8 = readonly(copy(utf8), "utf8"),
  coroutine = readonly(copy(coroutine), "coroutine"),
  os = readonly(sandboxed("os", os, { "clock", "date", "difftime", "time" },
    { "execute", "exit", "getenv", "remove", "rename", "setlocale", "tmpname" }, TRUSTED), "os"),
  io = readonly(sandboxed("io", { write = function(...) io_write(...) end }, { "write" },
    { "close", "input", "lines", "open", "output", "popen", "read", "tmpfile", "type",
      "stdin", "stdout", "stderr" },
    "write files with the output functions, such as t:write(\"name.csv\"), or " .. TRUSTED), "io"),
  debug = readonly(sandboxed("debug", debug, { "traceback" },
    { "debug", "gethook", "getinfo", "getlocal", "getmetatable", "getregistry", "getupvalue",
      "getuservalue", "sethook", "setlocal", "setmetatable", "setupvalue", "setuservalue",
      "setcstacklimit", "upvalueid", "upvaluejoin" }, TRUSTED), "debug"),
  package = readonly(sandboxed("package", { loaded = readonly(loaded, "package.loaded") },
    { "loaded" }, { "cpath", "loadlib", "path", "preload", "searchers", "searchpath" },
    "modules are found by require in the script's folder and the library folders; " .. TRUSTED),
    "package"),
}
setmetatable(base, { __index = api, __metatable = false })

local stock_load = load
local new_env

-- `load`, `loadfile` and `dofile` for one environment: text chunks only, files only from the
-- folders a script may read, and the environment itself as the default `_ENV`.
local function loaders(env)
  local function load_text(chunk, name, mode, ...)
    if mode ~= nil and mode ~= "t" then
      return nil, "binary chunks are not allowed in the sandbox (mode must be \"t\")"
    end
    if select("#", ...) > 0 then return stock_load(chunk, name, "t", ...) end
    return stock_load(chunk, name, "t", env)
  end
  local function loadfile_text(path, mode, ...)
    if mode ~= nil and mode ~= "t" then
      return nil, "binary chunks are not allowed in the sandbox (mode must be \"t\")"
    end
    if select("#", ...) > 0 then return host.load_file(path, (...)) end
    return host.load_file(path, env)
  end
  local function dofile_text(path)
    local chunk, message = host.load_file(path, env)
    if not chunk then error(message, 2) end
    return chunk()
  end
  return load_text, loadfile_text, dofile_text
end

local function require(name)
  if type(name) ~= "string" then
    error(format("bad argument #1 to 'require' (string expected, got %s)", type(name)), 2)
  end
  local cached = loaded[name]
  if cached ~= nil then return cached end
  local chunk, path = host.find_module(name, new_env())
  if not chunk then error(path, 2) end
  local result = chunk(name, path)
  if result == nil then result = true end
  loaded[name] = result
  return result
end

new_env = function()
  local env = setmetatable({}, { __index = base, __metatable = false })
  env._G = env
  env.load, env.loadfile, env.dofile = loaders(env)
  env.require = require
  return env
end

-- Nothing else may reach the full libraries through the state's own global table.
for _, name in ipairs({ "io", "os", "debug", "package", "dofile", "loadfile", "load", "require" }) do
  _G[name] = nil
end

return {
  new_env = new_env,
  add_global = function(name, value)
    api[name] = type(value) == "table" and readonly_api(value, name) or value
  end,
}
