#include "runtime_internal.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <lauxlib.h>
#include <lualib.h>

/*
 * The coroutine functions that run Lua code in another thread: resume, wrap and close (which
 * runs pending __close handlers). They follow Lua 5.4's lcorolib.c, adding only the running
 * mark around each switch of thread and the hand-over of a stop to the resumer.
 */

static lua_State *thread_argument(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "thread");
    return co;
}

/*
 * Resumes `co` with the `narg` values on top of L's stack. Returns the number of results
 * moved to L, or -1 with an error message on top of L.
 */
static int resume_marked(lua_State *L, lua_State *co, int narg) {
    ps_runtime *rt = ps_runtime_of(L);
    int nres;
    if (!lua_checkstack(co, narg)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, narg);
    psi_enter_thread(rt, co);
    int status = lua_resume(co, L, narg, &nres);
    psi_leave_thread(rt, L);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);
    return -1;
}

/*
 * Closes `co`'s pending to-be-closed variables, which run in `co`, and leaves its status and
 * (on failure) an error object on co's stack. Returns 0 without closing anything during a
 * stop: a coroutine that died of the stop hook's error runs its __close handlers with hooks
 * off (Lua does not restore them for a dead coroutine), so a loop there could not be stopped.
 */
static int close_marked(lua_State *L, lua_State *co, int *status) {
    ps_runtime *rt = ps_runtime_of(L);
    int closed = 0;
    psi_enter_thread(rt, co);
    if (psi_pending_stop(rt) == PS_STOP_NONE) {
#if LUA_VERSION_RELEASE_NUM >= 50406
        *status = lua_closethread(co, L);
#else
        *status = lua_resetthread(co);
#endif
        closed = 1;
    }
    psi_leave_thread(rt, L);
    return closed;
}

int psi_coroutine_resume(lua_State *L) {
    lua_State *co = thread_argument(L);
    int results = resume_marked(L, co, lua_gettop(L) - 1);
    if (results < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(results + 1));
    return results + 1;
}

static int wrapped_coroutine(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int results = resume_marked(L, co, lua_gettop(L));
    if (results >= 0) return results;
    int status = lua_status(co);
    if (status != LUA_OK && status != LUA_YIELD) {   /* the coroutine failed: close it */
        if (!close_marked(L, co, &status)) return 0;   /* stopping: L's return hook raises */
        lua_xmove(co, L, 1);
    }
    if (psi_pending_stop(ps_runtime_of(L)) != PS_STOP_NONE) return 0;   /* L is hooked */
    if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

int psi_coroutine_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, wrapped_coroutine, 1);
    return 1;
}

enum { COROUTINE_RUNNING, COROUTINE_DEAD, COROUTINE_SUSPENDED, COROUTINE_NORMAL };

static int coroutine_status(lua_State *L, lua_State *co) {
    if (L == co) return COROUTINE_RUNNING;
    switch (lua_status(co)) {
        case LUA_YIELD:
            return COROUTINE_SUSPENDED;
        case LUA_OK: {
            lua_Debug ar;
            if (lua_getstack(co, 0, &ar)) return COROUTINE_NORMAL;   /* it has frames */
            return lua_gettop(co) == 0 ? COROUTINE_DEAD : COROUTINE_SUSPENDED;
        }
        default:
            return COROUTINE_DEAD;   /* it failed */
    }
}

int psi_coroutine_close(lua_State *L) {
    static const char *const names[] = {"running", "dead", "suspended", "normal"};
    lua_State *co = thread_argument(L);
    int status = coroutine_status(L, co);
    if (status != COROUTINE_DEAD && status != COROUTINE_SUSPENDED)
        return luaL_error(L, "cannot close a %s coroutine", names[status]);
    if (!close_marked(L, co, &status)) return 0;   /* stopping: L's return hook raises */
    if (status == LUA_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);
    return 2;
}
