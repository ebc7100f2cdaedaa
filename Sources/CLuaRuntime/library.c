#include "runtime_internal.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <lauxlib.h>
#include <lualib.h>

/*
 * Library functions that a script could otherwise use to get past a stop. Hooks run only
 * between Lua instructions, so a C function must look for a stop itself when it can loop for
 * long without running Lua code or allocating (which the memory limit would bound).
 */


/* The message handler that a stop puts in place of a script's own: the error passes through. */
int psi_pass_error(lua_State *L) {
    lua_settop(L, 1);
    return 1;
}

/* The rest of xpcall, as lbaselib.c's finishpcall: also the continuation after a yield. */
static int finish_xpcall(lua_State *L, int status, lua_KContext extra) {
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

/*
 * xpcall as in lbaselib.c. Its own function lets a stop find its frames: the message handler
 * sits in the frame's slot 2, where psi_disarm_message_handlers replaces it.
 */
int psi_base_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_xpcall);
    return finish_xpcall(L, status, 2);
}

/*
 * string.rep, which is the stock function (upvalue 1) except for an empty piece: the stock
 * loop would copy nothing 2^62 times for string.rep("", 2^62).
 */
static int string_rep(lua_State *L) {
    size_t length, separator;
    luaL_checklstring(L, 1, &length);
    luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &separator);
    if (length == 0 && separator == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

enum { TABLE_READ = 1, TABLE_WRITE = 2 };

/* Whether the metatable on top of the stack has the field `key` (read raw). */
static int has_field(lua_State *L, const char *key) {
    lua_pushstring(L, key);
    int found = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 1);
    return found;
}

/* ltablib.c's checktab: a table, or a value whose metatable gives the access needed. */
static void check_table_like(lua_State *L, int arg, int access) {
    if (lua_type(L, arg) == LUA_TTABLE) return;
    if (lua_getmetatable(L, arg)) {
        int usable = (!(access & TABLE_READ) || has_field(L, "__index"))
            && (!(access & TABLE_WRITE) || has_field(L, "__newindex"));
        lua_pop(L, 1);
        if (usable) return;
    }
    luaL_checktype(L, arg, LUA_TTABLE);   /* raises the usual error */
}

/*
 * table.move as in ltablib.c, looking for a stop every few thousand elements: between plain
 * tables and over absent keys it runs no Lua code and allocates nothing, so
 * table.move({}, 1, 2^62, 2) could otherwise run for centuries.
 */
static int table_move(lua_State *L) {
    ps_runtime *rt = ps_runtime_of(L);
    lua_Integer f = luaL_checkinteger(L, 2);
    lua_Integer e = luaL_checkinteger(L, 3);
    lua_Integer t = luaL_checkinteger(L, 4);
    int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
    check_table_like(L, 1, TABLE_READ);
    check_table_like(L, tt, TABLE_WRITE);
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        lua_Integer n = e - f + 1;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4, "destination wrap around");
        int forward = t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ));
        for (lua_Integer k = 0; k < n; k++) {
            lua_Integer i = forward ? k : n - 1 - k;
            if (k % STOP_CHECK_INTERVAL == 0 && psi_pending_stop(rt) != PS_STOP_NONE) psi_raise_stop(L, rt);
            lua_geti(L, 1, f + i);
            lua_seti(L, tt, t + i);
        }
    }
    lua_pushvalue(L, tt);
    return 1;
}

/* Replaces `table[name]` (the table on top) with `function`, given the old value as upvalue. */
static void replace_field(lua_State *L, const char *name, lua_CFunction function) {
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, function, 1);
    lua_setfield(L, -2, name);
}

void ps_open_standard_libraries(lua_State *L) {
    static const luaL_Reg marked[] = {
        {"resume", psi_coroutine_resume},
        {"wrap", psi_coroutine_wrap},
        {"close", psi_coroutine_close},
        {NULL, NULL},
    };
    luaL_openlibs(L);
    lua_getglobal(L, LUA_COLIBNAME);   /* the table package.loaded.coroutine also holds */
    luaL_setfuncs(L, marked, 0);
    lua_pop(L, 1);
    lua_pushcfunction(L, psi_base_xpcall);
    lua_setglobal(L, "xpcall");
    lua_getglobal(L, LUA_STRLIBNAME);
    replace_field(L, "rep", string_rep);
    lua_pop(L, 1);
    lua_getglobal(L, LUA_TABLIBNAME);
    lua_pushcfunction(L, table_move);
    lua_setfield(L, -2, "move");
    lua_pop(L, 1);
}
