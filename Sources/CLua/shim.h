/*
 * Lua 5.4's C API as Swift can import it.
 *
 * Swift imports Lua's functions directly, but not its function-like macros nor
 * LUA_REGISTRYINDEX (an expression). Each is wrapped here as a static inline function
 * with the macro's name prefixed by `ps_`, so Swift code reads like Lua's manual.
 */
#ifndef PEERSCRIPT_CLUA_SHIM_H
#define PEERSCRIPT_CLUA_SHIM_H

#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>

static const int PS_LUA_REGISTRYINDEX = LUA_REGISTRYINDEX;
static const int PS_LUA_MULTRET = LUA_MULTRET;
static const lua_Integer PS_LUA_RIDX_GLOBALS = LUA_RIDX_GLOBALS;

static inline int ps_upvalueindex(int i) { return lua_upvalueindex(i); }

static inline int ps_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline void ps_call(lua_State *L, int nargs, int nresults) { lua_call(L, nargs, nresults); }

static inline void ps_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void ps_newtable(lua_State *L) { lua_newtable(L); }
static inline void ps_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline void ps_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline void ps_insert(lua_State *L, int idx) { lua_insert(L, idx); }
static inline void ps_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void ps_replace(lua_State *L, int idx) { lua_replace(L, idx); }

static inline const char *ps_tostring(lua_State *L, int idx) { return lua_tostring(L, idx); }
static inline lua_Number ps_tonumber(lua_State *L, int idx) { return lua_tonumber(L, idx); }
static inline lua_Integer ps_tointeger(lua_State *L, int idx) { return lua_tointeger(L, idx); }

static inline int ps_isnil(lua_State *L, int idx) { return lua_isnil(L, idx); }
static inline int ps_isnoneornil(lua_State *L, int idx) { return lua_isnoneornil(L, idx); }
static inline int ps_istable(lua_State *L, int idx) { return lua_istable(L, idx); }
static inline int ps_isfunction(lua_State *L, int idx) { return lua_isfunction(L, idx); }

static inline void *ps_newuserdata(lua_State *L, size_t size) { return lua_newuserdata(L, size); }
static inline void *ps_getextraspace(lua_State *L) { return lua_getextraspace(L); }

static inline int ps_loadbuffer(lua_State *L, const char *buff, size_t size, const char *name,
                                const char *mode) {
    return luaL_loadbufferx(L, buff, size, name, mode);
}
static inline const char *ps_typename(lua_State *L, int idx) { return luaL_typename(L, idx); }

/*
 * `next` as the base library defines it, for `__pairs` metamethods to return without looking
 * up the global (which a script may have replaced, or made raise).
 */
static inline int ps_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

#endif
