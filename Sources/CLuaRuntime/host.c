#include "runtime_internal.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <lauxlib.h>
#include <lualib.h>

static ps_host_dispatch host_dispatch = NULL;

void ps_set_host_dispatch(ps_host_dispatch dispatch) { host_dispatch = dispatch; }

/*
 * Whether a __gc metamethod is running now. From Lua 5.4.4 on, lua_gc refuses every request
 * (returning -1) exactly while a finalizer runs; ISRUNNING changes nothing otherwise.
 */
static int finalizer_running(ps_runtime *rt) {
#if LUA_VERSION_RELEASE_NUM >= 50404
    return rt->main != NULL && lua_gc(rt->main, LUA_GCISRUNNING) < 0;
#else
    (void)rt;
    return 0;
#endif
}

/*
 * The count of Swift frames that the code running now sits in. A GC step that a Swift call
 * triggers runs finalizers (Lua code, or release_box) inside the collector's own protected
 * call, newer than every Swift frame below it: an error raised in the finalizer ends there and
 * jumps over no Swift frame. So while a finalizer runs, only Swift frames entered from the
 * finalizer itself count (finalizer_host_depth); the ones below it (host_depth) do not. A
 * finalizer cannot start inside another one (the collector does not step meanwhile).
 */
static int *host_depth_now(ps_runtime *rt) {
    return finalizer_running(rt) ? &rt->finalizer_host_depth : &rt->host_depth;
}

/*
 * Counting allocator. Growth past the limit is refused while Lua code runs, including Lua code
 * (a finalizer) that runs from inside a Swift call; while Swift code itself runs, it is
 * recorded and granted, and the trampoline raises the error once Swift has returned.
 * Shrinking never fails, as Lua requires.
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
        if (*host_depth_now(rt) == 0) return NULL;
    }
    void *grown = realloc(ptr, nsize);
    if (grown == NULL) return NULL;
    rt->used = rt->used - old + nsize;
    if (rt->used > rt->peak) rt->peak = rt->used;
    return grown;
}

lua_State *ps_newstate(ps_runtime *runtime) {
    runtime->host_depth = 1;   /* Swift runs until it first calls Lua through ps_host_pcall */
    lua_State *L = lua_newstate(counting_alloc, runtime);
    runtime->main = L;
    runtime->running = L;
    return L;
}

ps_runtime *ps_runtime_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (ps_runtime *)ud;
}

size_t ps_remaining_memory(const ps_runtime *rt) {
    if (rt->limit == 0) return SIZE_MAX;
    return rt->used < rt->limit ? rt->limit - rt->used : 0;
}

void ps_note_limit_hit(ps_runtime *rt) { rt->limit_hit = 1; }

static int over_limit(lua_State *L, ps_runtime *rt) {
    if (rt->limit == 0 || rt->used <= rt->limit) return 0;
    lua_gc(L, LUA_GCCOLLECT);   /* what Swift allocated may already be garbage */
    return rt->used > rt->limit;
}

/*
 * Raises Lua's own memory error (status LUA_ERRMEM), so a limit reached while Swift ran looks
 * exactly like an allocation refused while Lua ran: asking for more than the whole limit is
 * refused by the allocator (no Swift frame is left below, so it refuses), and Lua raises.
 * Without a limit there is nothing to refuse, so the message is raised as an ordinary error.
 */
static int raise_memory_error(lua_State *L, ps_runtime *rt) {
    rt->limit_hit = 1;
    if (rt->limit == 0 || *host_depth_now(rt) != 0) {
        lua_pushliteral(L, "not enough memory");
        return lua_error(L);
    }
    lua_newuserdatauv(L, rt->limit + 1, 0);
    return 0;   /* not reached: the allocation above raises */
}

int ps_host_trampoline(lua_State *L) {
    ps_runtime *rt = ps_runtime_of(L);
    int *depth = host_depth_now(rt);
    lua_State *caller = rt->calling;
    rt->calling = L;
    rt->memory_refused = 0;
    (*depth)++;
    int results = host_dispatch(L);
    int outermost = *depth == 1;
    (*depth)--;
    rt->calling = caller;
    /* Swift went past the limit, or refused to: report it now that no Swift frame is left.
     * A refusal turns whatever error it became on its way out into the memory error. */
    int refused = results < 0 && rt->memory_refused;
    rt->memory_refused = 0;
    if (results == PS_HOST_RAISE_MEMORY_ERROR || refused || (outermost && over_limit(L, rt)))
        return raise_memory_error(L, rt);
    if (results < 0) return lua_error(L);
    return results;
}

static ps_box_release box_release = NULL;

void ps_set_box_release(ps_box_release release) { box_release = release; }

static int release_box(lua_State *L) {
    void **slot = (void **)lua_touserdata(L, 1);
    if (slot != NULL && *slot != NULL) {
        /* Swift code runs here (deinitialisers): the allocator must not refuse meanwhile. */
        int *depth = host_depth_now(ps_runtime_of(L));
        (*depth)++;
        box_release(*slot);
        (*depth)--;
        *slot = NULL;
    }
    return 0;
}

/*
 * Pushes the metatable of host-function boxes, made on first use. It is kept under a registry
 * reference and read raw, so nothing a script does to the registry's metatable can make this
 * call, which Swift makes, raise.
 */
static void push_box_metatable(lua_State *L) {
    ps_runtime *rt = ps_runtime_of(L);
    if (rt->box_metatable == 0) {
        lua_createtable(L, 0, 1);
        lua_pushliteral(L, "__gc");
        lua_pushcfunction(L, release_box);
        lua_rawset(L, -3);
        rt->box_metatable = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, rt->box_metatable);
}

void ps_push_host_function(lua_State *L, void *box, int nup) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = box;
    push_box_metatable(L);
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
    int saved = rt->host_depth, saved_in_finalizer = rt->finalizer_host_depth;
    rt->host_depth = 0;
    rt->finalizer_host_depth = 0;
    int status = lua_pcall(L, nargs, nresults, msgh);
    rt->host_depth = saved;
    rt->finalizer_host_depth = saved_in_finalizer;
    return status;
}

int ps_traceback_handler(lua_State *L) {
    const char *message = lua_tostring(L, 1);
    if (message == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, message, psi_traceback_start(L));
    return 1;
}
