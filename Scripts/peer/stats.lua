--- Statistics for contingency tables: Pearson's chi-square test of independence, Fisher's exact
--- test for 2×2 tables, Cramér's V, odds ratios, adjusted residuals and Benjamini–Hochberg
--- q-values. Tables are given as lists of rows of counts: `{ {12, 5}, {3, 9} }`.
local M = {}

local exp, log, sqrt, abs, huge, floor = math.exp, math.log, math.sqrt, math.abs, math.huge, math.floor

-- Natural logarithm of the gamma function (Lanczos approximation, g = 7, nine terms), for a > 0.
local LANCZOS = {
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
}
local function log_gamma(a)
  if a < 0.5 then
    -- Reflection keeps the approximation in the range where it is accurate.
    return log(math.pi / abs(math.sin(math.pi * a))) - log_gamma(1 - a)
  end
  a = a - 1
  local sum = LANCZOS[1]
  for i = 2, 9 do sum = sum + LANCZOS[i] / (a + i - 1) end
  local t = a + 7.5
  return 0.5 * log(2 * math.pi) + (a + 0.5) * log(t) - t + log(sum)
end

-- log(n!) by summing logarithms, cached: exact to rounding for the counts tables hold.
local log_factorials = { [0] = 0 }
local function log_factorial(n)
  local known = #log_factorials
  for k = known + 1, n do log_factorials[k] = log_factorials[k - 1] + log(k) end
  return log_factorials[n]
end

-- The regularized upper incomplete gamma function Q(a, x): a series below a + 1, a continued
-- fraction (modified Lentz) above, each to full double precision.
local function upper_gamma(a, x)
  if x <= 0 then return 1 end
  local front = -x + a * log(x) - log_gamma(a)
  if x < a + 1 then
    local term, sum, n = 1 / a, 1 / a, a
    repeat
      n = n + 1
      term = term * x / n
      sum = sum + term
    until abs(term) < abs(sum) * 1e-16
    return 1 - sum * exp(front)
  end
  local tiny = 1e-300
  local b = x + 1 - a
  local c, d = 1 / tiny, 1 / b
  local h = d
  for i = 1, 10000 do
    local an = -i * (i - a)
    b = b + 2
    d = an * d + b
    if abs(d) < tiny then d = tiny end
    c = b + an / c
    if abs(c) < tiny then c = tiny end
    d = 1 / d
    local delta = d * c
    h = h * delta
    if abs(delta - 1) < 1e-16 then break end
  end
  return exp(front) * h
end

--- The probability that a chi-square variable with `df` degrees of freedom exceeds `x`.
--- @param x number  the statistic
--- @param df integer  degrees of freedom (1 or more)
--- @return number p  the upper-tail probability
--- @usage print(stats.chi_square_p(3.84, 1))  -- about 0.05
function M.chi_square_p(x, df)
  if type(x) ~= "number" or type(df) ~= "number" or df <= 0 then
    error("chi_square_p needs a statistic and a positive number of degrees of freedom", 2)
  end
  return upper_gamma(df / 2, x / 2)
end

-- Checks a table of counts and returns its row sums, column sums and total.
local function margins(observed, caller)
  if type(observed) ~= "table" or #observed < 1 or type(observed[1]) ~= "table" then
    error(caller .. " needs a table of counts given as a list of rows, such as { {12, 5}, {3, 9} }", 3)
  end
  local columns = #observed[1]
  local rows_sum, columns_sum, total = {}, {}, 0
  for j = 1, columns do columns_sum[j] = 0 end
  for i, row in ipairs(observed) do
    if type(row) ~= "table" or #row ~= columns then
      error(("%s: row %d has %s cells, but row 1 has %d"):format(caller, i,
        type(row) == "table" and tostring(#row) or "no", columns), 3)
    end
    rows_sum[i] = 0
    for j, count in ipairs(row) do
      if type(count) ~= "number" or count < 0 or count ~= count then
        error(("%s: cell [%d][%d] must be a count of 0 or more, got %s"):format(caller, i, j, tostring(count)), 3)
      end
      rows_sum[i] = rows_sum[i] + count
      columns_sum[j] = columns_sum[j] + count
      total = total + count
    end
  end
  for i, sum in ipairs(rows_sum) do
    if sum == 0 then error(("%s: row %d has no counts; leave it out"):format(caller, i), 3) end
  end
  for j, sum in ipairs(columns_sum) do
    if sum == 0 then error(("%s: column %d has no counts; leave it out"):format(caller, j), 3) end
  end
  return rows_sum, columns_sum, total
end

--- Pearson's chi-square test of independence for a table of counts.
---
--- Returns the statistic, its degrees of freedom and p-value, the expected counts, the smallest
--- expected count (below 5 the p-value is unreliable; use `fisher_exact` for 2×2 tables) and
--- Cramér's V as the effect size. With `{ correction = true }` a 2×2 table gets Yates's
--- continuity correction (each |observed − expected| reduced by up to 0.5).
--- @param observed number[][]  counts, a list of rows; no row or column may be all zero
--- @param options? {correction?: boolean}
--- @return {statistic: number, df: integer, p: number, n: number, expected: number[][], min_expected: number, cramers_v: number}
--- @usage local r = stats.chi_square{ {20, 10}, {5, 15} }; print(r.statistic, r.p, r.cramers_v)
function M.chi_square(observed, options)
  local rows_sum, columns_sum, n = margins(observed, "chi_square")
  local rows, columns = #rows_sum, #columns_sum
  if rows < 2 or columns < 2 then
    error("chi_square needs at least 2 rows and 2 columns", 2)
  end
  local correct = options and options.correction and rows == 2 and columns == 2
  local statistic, expected, min_expected = 0, {}, huge
  for i = 1, rows do
    expected[i] = {}
    for j = 1, columns do
      local e = rows_sum[i] * columns_sum[j] / n
      expected[i][j] = e
      if e < min_expected then min_expected = e end
      local difference = abs(observed[i][j] - e)
      if correct then difference = math.max(0, difference - 0.5) end
      statistic = statistic + difference * difference / e
    end
  end
  local df = (rows - 1) * (columns - 1)
  local uncorrected = statistic
  if correct then
    uncorrected = 0
    for i = 1, rows do
      for j = 1, columns do
        local d = observed[i][j] - expected[i][j]
        uncorrected = uncorrected + d * d / expected[i][j]
      end
    end
  end
  local smaller = math.min(rows, columns) - 1
  return {
    statistic = statistic,
    df = df,
    p = upper_gamma(df / 2, statistic / 2),
    n = n,
    expected = expected,
    min_expected = min_expected,
    -- The effect size comes from the uncorrected statistic, as is usual.
    cramers_v = sqrt(uncorrected / (n * smaller)),
  }
end

--- Cramér's V for a table of counts: 0 for no association, 1 for complete association.
--- @param observed number[][]  counts, a list of rows
--- @return number v
--- @usage print(stats.cramers_v{ {20, 10}, {5, 15} })
function M.cramers_v(observed)
  return M.chi_square(observed).cramers_v
end

-- Reads a 2×2 table given as { {a, b}, {c, d} } or as four counts.
local function two_by_two(caller, first, b, c, d)
  local a = first
  if type(first) == "table" then
    if #first ~= 2 or type(first[1]) ~= "table" or type(first[2]) ~= "table"
        or #first[1] ~= 2 or #first[2] ~= 2 then
      error(caller .. " needs a 2×2 table { {a, b}, {c, d} } or four counts a, b, c, d", 3)
    end
    a, b, c, d = first[1][1], first[1][2], first[2][1], first[2][2]
  end
  local counts = { a, b, c, d }
  for i = 1, 4 do
    local count = counts[i]
    if type(count) ~= "number" or count < 0 or count ~= floor(count) or count == huge then
      error(caller .. " needs four whole counts of 0 or more, got " .. tostring(count), 3)
    end
  end
  return floor(a), floor(b), floor(c), floor(d)
end

--- The sample odds ratio (a·d)/(b·c) of a 2×2 table: above 1 when the first row has the
--- first column more often than the second row does. `inf` when b·c is 0 and a·d is not;
--- nan when both are 0.
--- @param a integer|number[][]  the top-left count, or the whole table { {a, b}, {c, d} }
--- @param b? integer  top-right
--- @param c? integer  bottom-left
--- @param d? integer  bottom-right
--- @return number ratio
--- @usage print(stats.odds_ratio(8, 2, 1, 5))  -- 20
function M.odds_ratio(a, b, c, d)
  a, b, c, d = two_by_two("odds_ratio", a, b, c, d)
  local top, bottom = a * d, b * c
  if bottom == 0 then return top == 0 and 0 / 0 or huge end
  return top / bottom
end

--- Fisher's exact test for a 2×2 table.
---
--- The p-value sums the probabilities (hypergeometric, margins fixed) of every table as likely
--- as the observed one or less, for the two-sided test; `alternative = "greater"` tests whether
--- the odds ratio is above 1, `"less"` below 1.
--- @param a integer|number[][]  the top-left count, or the whole table { {a, b}, {c, d} }
--- @param b? integer  top-right
--- @param c? integer  bottom-left
--- @param d? integer  bottom-right
--- @param options? {alternative?: "two-sided"|"greater"|"less"}  (after the table when it is given whole)
--- @return {p: number, odds_ratio: number}
--- @usage print(stats.fisher_exact{ {8, 2}, {1, 5} }.p)
function M.fisher_exact(a, b, c, d, options)
  if type(a) == "table" then options = b end
  local alternative = options and options.alternative or "two-sided"
  if alternative ~= "two-sided" and alternative ~= "greater" and alternative ~= "less" then
    error("fisher_exact: alternative must be \"two-sided\", \"greater\" or \"less\", not " .. tostring(alternative), 2)
  end
  a, b, c, d = two_by_two("fisher_exact", a, b, c, d)
  local ratio = M.odds_ratio(a, b, c, d)
  local row1, column1, n = a + b, a + c, a + b + c + d
  local low, high = math.max(0, column1 - (n - row1)), math.min(row1, column1)
  -- The log-probability of a table whose top-left cell is x, margins fixed.
  local base = log_factorial(row1) + log_factorial(n - row1) + log_factorial(column1)
    + log_factorial(n - column1) - log_factorial(n)
  local function log_p(x)
    return base - log_factorial(x) - log_factorial(row1 - x) - log_factorial(column1 - x)
      - log_factorial(n - row1 - column1 + x)
  end
  local observed = log_p(a)
  local p = 0
  if alternative == "greater" then
    for x = a, high do p = p + exp(log_p(x)) end
  elseif alternative == "less" then
    for x = low, a do p = p + exp(log_p(x)) end
  else
    -- Tables within a relative 1e-7 of the observed probability count as equally likely, so
    -- rounding does not drop a table that ties with it.
    local limit = observed + log(1 + 1e-7)
    for x = low, high do
      local lp = log_p(x)
      if lp <= limit then p = p + exp(lp) end
    end
  end
  return { p = math.min(1, p), odds_ratio = ratio }
end

--- Adjusted standardized residuals of a table of counts: (observed − expected) divided by its
--- standard error. Cells beyond about ±1.96 hold notably more (positive) or fewer (negative)
--- counts than independence predicts.
--- @param observed number[][]  counts, a list of rows
--- @return number[][] residuals  same shape as `observed`
--- @usage local r = stats.residuals{ {20, 10}, {5, 15} }; print(r[1][1])
function M.residuals(observed)
  local rows_sum, columns_sum, n = margins(observed, "residuals")
  local result = {}
  for i, row in ipairs(observed) do
    result[i] = {}
    for j, count in ipairs(row) do
      local e = rows_sum[i] * columns_sum[j] / n
      local variance = e * (1 - rows_sum[i] / n) * (1 - columns_sum[j] / n)
      result[i][j] = variance > 0 and (count - e) / sqrt(variance) or 0
    end
  end
  return result
end

--- Benjamini–Hochberg q-values for a list of p-values (false discovery rate control): the
--- smallest false discovery rate at which each test would count as significant.
--- @param p_values number[]  p-values, in any order
--- @return number[] q  in the same order
--- @usage local q = stats.adjust_bh{ 0.01, 0.04, 0.03 }
function M.adjust_bh(p_values)
  local m = #p_values
  local order = {}
  for i = 1, m do
    local p = p_values[i]
    if type(p) ~= "number" or p < 0 or p > 1 then
      error(("adjust_bh: item %d must be a p-value between 0 and 1, got %s"):format(i, tostring(p)), 2)
    end
    order[i] = i
  end
  table.sort(order, function(x, y) return p_values[x] > p_values[y] end)
  local q, running = {}, 1
  for rank = 1, m do
    local index = order[rank]
    running = math.min(running, p_values[index] * m / (m - rank + 1))
    q[index] = running
  end
  return q
end

return M
