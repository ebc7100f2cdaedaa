#include "CLuaRuntime.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <lauxlib.h>

static ps_host_dispatch host_dispatch = NULL;

void ps_set_host_dispatch(ps_host_dispatch dispatch) { host_dispatch = dispatch; }

/*
 * Counting allocator. Growth past the limit is refused only while Lua code runs; while Swift
 * code runs (host_depth > 0) it is recorded and granted, and the trampoline raises the error
 * once Swift has returned. Shrinking never fails, as Lua requires.
 */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    ps_runtime *rt = (ps_runtime *)ud;
    size_t old = ptr ? osize : 0;   /* with ptr == NULL, osize is a type tag, not a size */
    if (nsize == 0) {
        free(ptr);
        rt->used -= old;
        return NULL;
    }
    if (rt->limit != 0 && nsize > old && rt->used - old + nsize > rt->limit) {
        rt->limit_hit = 1;
        if (rt->host_depth == 0) return NULL;
    }
    void *grown = realloc(ptr, nsize);
    if (grown == NULL) return NULL;
    rt->used = rt->used - old + nsize;
    if (rt->used > rt->peak) rt->peak = rt->used;
    return grown;
}

lua_State *ps_newstate(ps_runtime *runtime) {
    lua_State *L = lua_newstate(counting_alloc, runtime);
    runtime->main = L;
    return L;
}

ps_runtime *ps_runtime_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (ps_runtime *)ud;
}

static int over_limit(lua_State *L, ps_runtime *rt) {
    if (rt->limit == 0 || rt->used <= rt->limit) return 0;
    lua_gc(L, LUA_GCCOLLECT);   /* what Swift allocated may already be garbage */
    return rt->used > rt->limit;
}

int ps_host_trampoline(lua_State *L) {
    ps_runtime *rt = ps_runtime_of(L);
    rt->host_depth++;
    int results = host_dispatch(L);
    if (rt->host_depth == 1 && over_limit(L, rt)) {
        /* Swift went past the limit: report it now that no Swift frame is left to skip. */
        lua_pushfstring(L, "memory limit of %d MB exceeded", (int)(rt->limit >> 20));
        rt->host_depth--;
        return lua_error(L);
    }
    rt->host_depth--;
    if (results < 0) return lua_error(L);
    return results;
}

static ps_box_release box_release = NULL;

void ps_set_box_release(ps_box_release release) { box_release = release; }

static int release_box(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, 1);
    if (slot != NULL && *slot != NULL) {
        box_release(*slot);
        *slot = NULL;
    }
    return 0;
}

static const char *const BOX_METATABLE = "peerscript.hostfunction";

void ps_push_host_function(lua_State *L, void *box, int nup) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = box;
    if (luaL_newmetatable(L, BOX_METATABLE)) {
        lua_pushcfunction(L, release_box);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    lua_rotate(L, -(nup + 1), 1);   /* the box becomes the first upvalue */
    lua_pushcclosure(L, ps_host_trampoline, nup + 1);
}

void *ps_host_function_box(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, lua_upvalueindex(1));
    return slot != NULL ? *slot : NULL;
}

int ps_host_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    ps_runtime *rt = ps_runtime_of(L);
    int saved = rt->host_depth;
    rt->host_depth = 0;
    int status = lua_pcall(L, nargs, nresults, msgh);
    rt->host_depth = saved;
    return status;
}

int ps_traceback_handler(lua_State *L) {
    const char *message = lua_tostring(L, 1);
    if (message == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, message, 1);
    return 1;
}

static void stop_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    ps_runtime *rt = ps_runtime_of(L);
    /* The hook stays installed, so a script that catches this error is stopped again. */
    if (rt->stop_reason == PS_STOP_TIMEOUT) luaL_error(L, "%s", rt->timeout_message);
    luaL_error(L, "interrupted");
}

void ps_request_stop(lua_State *L, int reason) {
    ps_runtime *rt = ps_runtime_of(L);
    rt->stop_reason = reason;
    lua_sethook(L, stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

void ps_clear_stop(lua_State *L) {
    ps_runtime *rt = ps_runtime_of(L);
    lua_sethook(L, NULL, 0, 0);
    rt->stop_reason = PS_STOP_NONE;
}

static lua_State *volatile interrupt_target = NULL;

static void on_interrupt(int signo) {
    signal(signo, SIG_DFL);   /* a second Ctrl-C ends the process, as in the stock interpreter */
    lua_State *L = interrupt_target;
    if (L != NULL) ps_request_stop(L, PS_STOP_INTERRUPT);
}

void ps_catch_interrupts(lua_State *L) {
    interrupt_target = L;
    signal(SIGINT, L != NULL ? on_interrupt : SIG_DFL);
    if (L != NULL) {
        /* A parent may have started us with SIGINT blocked; Ctrl-C must still reach the script. */
        sigset_t interrupt;
        sigemptyset(&interrupt);
        sigaddset(&interrupt, SIGINT);
        pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
    }
}
