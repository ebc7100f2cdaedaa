local env, host = ...

local error, getmetatable, ipairs, next, pairs, pcall, rawequal, select, setmetatable =
      error, getmetatable, ipairs, next, pairs, pcall, rawequal, select, setmetatable
local tonumber, tostring, type, xpcall = tonumber, tostring, type, xpcall
local format, concat, sort = string.format, table.concat, table.sort
local abs, huge, mtype = math.abs, math.huge, math.type

-- Differences listed in one failure message; the rest are counted.
local MAX_DIFFERENCES = 20
-- Characters of a table shown inline before it is cut short.
local MAX_INLINE = 80
local DEFAULT_TOLERANCE = 1e-9

-- A failed expectation, raised as an error so the test stops at once. It carries the line in
-- the test file, so the report need not search for it again.
local Failure = {}
Failure.__tostring = function(failure)
  return (failure.where and failure.where .. ": " or "") .. failure.message
end

local function fail(message)
  error(setmetatable({ message = message, where = host.position() }, Failure), 0)
end

------------------------------------------------------------------------------------------------
-- Showing values in messages

local function has_metamethod(value, name)
  local meta = getmetatable(value)
  return type(meta) == "table" and meta[name] ~= nil
end

-- The shortest decimal text that reads back as the same float, so two floats that differ
-- never print alike (tostring keeps only 14 digits). Floats keep a ".0" to tell them from
-- integers.
local function show_number(n)
  if mtype(n) == "integer" then return tostring(n) end
  if n ~= n then return "nan" end
  if n == huge then return "inf" end
  if n == -huge then return "-inf" end
  local text
  for digits = 15, 17 do
    text = format("%." .. digits .. "g", n)
    if tonumber(text) == n then break end
  end
  if not text:find("[%.eEn]") then text = text .. ".0" end
  return text
end

local escapes = { ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t", ['"'] = '\\"', ["\\"] = "\\\\" }

local function show_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return escapes[c] or format("\\%03d", c:byte())
  end) .. '"'
end

-- Keys in a stable order: integers first, by value, then everything else by its text.
local function sorted_keys(...)
  local keys, seen = {}, {}
  for i = 1, select("#", ...) do
    local t = select(i, ...)
    for key in pairs(t) do
      if not seen[key] then
        seen[key] = true
        keys[#keys + 1] = key
      end
    end
  end
  sort(keys, function(a, b)
    local na, nb = type(a) == "number", type(b) == "number"
    if na ~= nb then return na end
    if na then return a < b end
    return tostring(a) < tostring(b)
  end)
  return keys
end

local show

local function is_identifier(key)
  return type(key) == "string" and key:match("^[%a_][%w_]*$") ~= nil
end

local function show_table(t, depth)
  if depth > 2 then return "{…}" end
  local parts, length = {}, #t
  for i = 1, length do parts[#parts + 1] = show(t[i], depth + 1) end
  for _, key in ipairs(sorted_keys(t)) do
    if not (mtype(key) == "integer" and key >= 1 and key <= length) then
      local name = is_identifier(key) and key or "[" .. show(key, depth + 1) .. "]"
      parts[#parts + 1] = name .. " = " .. show(t[key], depth + 1)
    end
  end
  local text = "{" .. concat(parts, ", ") .. "}"
  if #text > MAX_INLINE then text = text:sub(1, MAX_INLINE - 2) .. "…}" end
  return text
end

show = function(value, depth)
  local kind = type(value)
  if kind == "string" then return show_string(value) end
  if kind == "number" then return show_number(value) end
  if kind == "table" and not has_metamethod(value, "__tostring") then
    return show_table(value, depth or 0)
  end
  return tostring(value)
end

local function key_path(path, key)
  if is_identifier(key) then return path == "" and key or path .. "." .. key end
  return path .. "[" .. show(key) .. "]"
end

------------------------------------------------------------------------------------------------
-- Comparing values

local function is_number(value) return type(value) == "number" end

-- Whether two non-table values count as equal: Lua's `==` (so 1 == 1.0 and userdata with
-- __eq compare by meaning), NaN equal to NaN, and numbers within `tolerance` when one is given.
local function same(expected, actual, tolerance)
  if expected == actual then return true end
  if is_number(expected) and is_number(actual) then
    if expected ~= expected and actual ~= actual then return true end
    return tolerance ~= nil and abs(expected - actual) <= tolerance
  end
  return false
end

-- Tables compared key by key; those with their own __eq are compared with it instead.
local function deep(value)
  return type(value) == "table" and not has_metamethod(value, "__eq")
end

local function note(differences, line)
  differences.count = differences.count + 1
  if differences.count <= MAX_DIFFERENCES then differences[#differences + 1] = line end
end

local function show_expected(value, tolerance)
  if tolerance and is_number(value) then return show(value) .. " ± " .. show(tolerance) end
  return show(value)
end

-- Appends one line per difference between `expected` and `actual` to `differences`.
local function compare(expected, actual, path, differences, tolerance, seen)
  if deep(expected) and deep(actual) then
    if rawequal(expected, actual) or seen[expected] == actual then return end
    seen[expected] = actual
    for _, key in ipairs(sorted_keys(expected, actual)) do
      local e, a = expected[key], actual[key]
      local at = key_path(path, key)
      if a == nil then
        note(differences, at .. ": missing (expected " .. show_expected(e, tolerance) .. ")")
      elseif e == nil then
        note(differences, at .. ": unexpected " .. show(a))
      else
        compare(e, a, at, differences, tolerance, seen)
      end
    end
  elseif not same(expected, actual, tolerance) then
    note(differences, (path == "" and "value" or path) .. ": expected "
      .. show_expected(expected, tolerance) .. ", got " .. show(actual))
  end
end

local function differences_between(expected, actual, tolerance)
  local differences = { count = 0 }
  compare(expected, actual, "", differences, tolerance, {})
  return differences
end

-- The failure text for two values that differ: one line for plain values, or a heading and
-- one indented line per difference for tables.
local function difference_message(expected, actual, differences, tolerance)
  if not (deep(expected) and deep(actual)) then
    local text = "expected " .. show_expected(expected, tolerance) .. ", got " .. show(actual)
    if tolerance and is_number(expected) and is_number(actual) then
      text = text .. " (off by " .. show(abs(expected - actual)) .. ")"
    end
    return text
  end
  local lines = { format("tables differ in %d place%s:", differences.count,
    differences.count == 1 and "" or "s") }
  for _, line in ipairs(differences) do lines[#lines + 1] = line end
  if differences.count > #differences then
    lines[#lines + 1] = format("… and %d more", differences.count - #differences)
  end
  return concat(lines, "\n")
end

------------------------------------------------------------------------------------------------
-- Matchers. Each takes the value given to expect() and its own arguments, and returns whether
-- the expectation holds, the message when it does not, and the message when a negated
-- expectation (not_to) does not hold. A matcher without a negated message cannot be negated.

local matchers = {}

function matchers.equal(actual, expected)
  local differences = differences_between(expected, actual, nil)
  return differences.count == 0, difference_message(expected, actual, differences, nil),
    "expected a value other than " .. show(expected)
end

local function check_numbers(value, role)
  if is_number(value) then return end
  if type(value) == "table" then return end
  fail(format("be_near compares numbers or tables of numbers, but the %s is a %s", role, type(value)))
end

function matchers.be_near(actual, expected, tolerance)
  check_numbers(expected, "expected value")
  check_numbers(actual, "actual value")
  if tolerance == nil then tolerance = DEFAULT_TOLERANCE end
  if not is_number(tolerance) or tolerance < 0 or tolerance ~= tolerance then
    fail("be_near's tolerance must be a number of 0 or more, got " .. show(tolerance))
  end
  local differences = differences_between(expected, actual, tolerance)
  return differences.count == 0, difference_message(expected, actual, differences, tolerance),
    "expected a value farther than " .. show(tolerance) .. " from " .. show(expected)
      .. ", got " .. show(actual)
end

function matchers.contain(actual, item)
  local found
  if type(actual) == "string" then
    if type(item) ~= "string" then
      fail("contain on a string needs a string to look for, got " .. type(item))
    end
    found = actual:find(item, 1, true) ~= nil
  elseif type(actual) == "table" then
    found = false
    for _, value in pairs(actual) do
      if differences_between(item, value, nil).count == 0 then
        found = true
        break
      end
    end
  else
    fail("contain looks in a string or a table, but the value is a " .. type(actual))
  end
  return found, "expected " .. show(actual) .. " to contain " .. show(item),
    "expected " .. show(actual) .. " not to contain " .. show(item)
end

function matchers.match(actual, pattern)
  if type(actual) ~= "string" then fail("match needs a string, but the value is a " .. type(actual)) end
  if type(pattern) ~= "string" then fail("match needs a Lua pattern string, got " .. type(pattern)) end
  local ok, start = pcall(string.find, actual, pattern)
  if not ok then fail("bad pattern " .. show(pattern) .. ": " .. tostring(start)) end
  return start ~= nil, "expected " .. show(actual) .. " to match the pattern " .. show(pattern),
    "expected " .. show(actual) .. " not to match the pattern " .. show(pattern)
end

function matchers.be_nil(actual)
  return actual == nil, "expected nil, got " .. show(actual), "expected a value, got nil"
end

function matchers.be_truthy(actual)
  return actual ~= nil and actual ~= false, "expected a true value, got " .. show(actual),
    "expected nil or false, got " .. show(actual)
end

-- The text of an error value: a failed expectation's message, a string as it is, or what
-- tostring makes of anything else.
local function error_text(err)
  if getmetatable(err) == Failure then return err.message end
  if type(err) == "string" then return err end
  if has_metamethod(err, "__tostring") then return tostring(err) end
  return "(error object is a " .. type(err) .. " value)"
end

function matchers.fail(actual, part)
  if type(actual) ~= "function" then
    fail("fail needs a function to call, but the value is a " .. type(actual))
  end
  if part ~= nil and type(part) ~= "string" then
    fail("fail's message part must be a string, got " .. type(part))
  end
  local ok, err = pcall(actual)
  if ok then
    return false, "expected the function to fail, but it returned normally"
  end
  local text = error_text(err)
  if part == nil or text:find(part, 1, true) then return true end
  return false, "expected an error containing " .. show(part) .. ", got: " .. text
end

function matchers.match_golden(actual, name)
  if type(name) ~= "string" then
    fail("match_golden needs a golden file name such as \"table.golden\", got " .. type(name))
  end
  local text = actual
  if type(actual) ~= "string" then
    if not has_metamethod(actual, "__tostring") then
      fail("match_golden compares text, but the value is a " .. type(actual))
    end
    text = tostring(actual)
  end
  local message = host.golden(name, text)
  return message == nil, message
end

local matcher_names = concat(sorted_keys(matchers), ", ")

-- `expect(x).to` and `expect(x).not_to`: tables whose fields are the matchers bound to x.
local function expectation(actual, negated)
  return setmetatable({}, {
    __index = function(_, name)
      local matcher = matchers[name]
      if matcher == nil then
        fail(format("unknown expectation '%s' (expectations are: %s)", tostring(name), matcher_names))
      end
      return function(...)
        local holds, message, negated_message = matcher(actual, ...)
        if negated then
          if negated_message == nil then fail("'not_to." .. name .. "' is not supported") end
          holds, message = not holds, negated_message
        end
        if not holds then fail(message) end
      end
    end,
  })
end

------------------------------------------------------------------------------------------------
-- describe / it

local cases = {}
local scope = {}
local running = false

local function full_name(name)
  if #scope == 0 then return name end
  return concat(scope, " > ") .. " > " .. name
end

local function check_block(kind, name, body)
  if type(name) ~= "string" then
    error(format("bad argument #1 to '%s' (a name string expected, got %s)", kind, type(name)), 3)
  end
  if type(body) ~= "function" then
    error(format("bad argument #2 to '%s' (a function expected, got %s)", kind, type(body)), 3)
  end
  if running then
    error(format("%s('%s') inside a running test: declare tests at the top level or in describe", kind, name), 3)
  end
end

-- The failure for an error raised inside a test: a failed expectation as it is, any other
-- error with "error: " before it and its position dropped when it is the reported line.
local function on_error(err)
  if getmetatable(err) == Failure then return err end
  local where = host.position()
  local text = error_text(err)
  if where and text:sub(1, #where + 2) == where .. ": " then text = text:sub(#where + 3) end
  return { message = "error: " .. text, where = where }
end

local function it(name, body)
  check_block("it", name, body)
  cases[#cases + 1] = { name = full_name(name), body = body, where = host.position() }
end

local function describe(name, body)
  check_block("describe", name, body)
  local where = host.position()
  scope[#scope + 1] = name
  local ok, failure = xpcall(body, on_error)
  scope[#scope] = nil
  if not ok then host.finished(full_name(name), failure.where or where, failure.message) end
end

env.describe, env.it, env.test = describe, it, it
env.expect = function(...)
  if select("#", ...) == 0 then
    error("bad argument #1 to 'expect' (a value to check expected, got no value)", 2)
  end
  local actual = ...
  return setmetatable({ to = expectation(actual, false), not_to = expectation(actual, true) }, {
    __index = function(_, name)
      fail(format("expect(value).%s is not an expectation: write expect(value).to.<check>(…) or expect(value).not_to.<check>(…)", tostring(name)))
    end,
  })
end

-- Runs the declared tests in order, reporting each to the host.
return function()
  host.planned(#cases)
  running = true
  for _, case in ipairs(cases) do
    host.started(case.name, case.where)
    local ok, failure = xpcall(case.body, on_error)
    if ok then failure = {} end
    host.finished(case.name, failure.where or case.where, failure.message)
  end
  running = false
end
