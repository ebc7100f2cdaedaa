#include "CLuaRuntime.h"

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
    luaL_traceback(L, L, message, 1);
    return 1;
}

/*
 * Stopping. A hook is per thread, so a stop request hooks the main thread and the thread that
 * runs at that moment (`rt->running`, kept up to date by the coroutine functions below). The
 * hook stays installed, so a script that catches the error is stopped again at its next
 * instruction; a coroutine that dies of it makes its resumer install the hook in turn.
 */
#define STOP_HOOK_MASK (LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT)

static int pending_stop(const ps_runtime *rt) {
    return __atomic_load_n(&rt->stop_reason, __ATOMIC_SEQ_CST);
}

int ps_stop_reason(const ps_runtime *rt) { return pending_stop(rt); }

/* Raises the error of a pending stop from a C function that Lua called. */
static int raise_stop(lua_State *L, ps_runtime *rt) {
    if (pending_stop(rt) == PS_STOP_TIMEOUT) return luaL_error(L, "%s", rt->timeout_message);
    return luaL_error(L, "interrupted");
}

static void stop_hook(lua_State *L, lua_Debug *ar);
static int pass_error(lua_State *L);
static int base_xpcall(lua_State *L);

/* How many levels of L's stack a stop searches for xpcall frames (each look costs the depth). */
#define XPCALL_SEARCH_DEPTH 1000

/*
 * Replaces the message handler of every xpcall running on L by pass_error. The stopping hook
 * raises its error from inside the hook, where hooks are off, and Lua runs the handler right
 * there: a handler that looped could never be stopped. During a stop no handler runs; the
 * hook raises the error again in each caller in turn. (Deeper xpcalls than the search depth
 * keep their handler: a forced exit bounds those.)
 */
static void disarm_message_handlers(lua_State *L) {
    lua_Debug frame;
    for (int level = 0; level < XPCALL_SEARCH_DEPTH && lua_getstack(L, level, &frame); level++) {
        if (!lua_getinfo(L, "f", &frame)) continue;
        int is_xpcall = lua_tocfunction(L, -1) == base_xpcall;
        lua_pop(L, 1);
        if (!is_xpcall) continue;
        lua_pushcfunction(L, pass_error);
        if (lua_setlocal(L, &frame, 2) == NULL) lua_pop(L, 1);
    }
}

/*
 * Whether the hook was called for entering or leaving a message handler. A stop raised there
 * would replace the error being handled (a host function's own timeout error, which names the
 * script's line) by one raised inside the handler; the stop goes on once the handler is done.
 */
static int entering_message_handler(lua_State *L, lua_Debug *ar) {
    if (ar->event != LUA_HOOKCALL && ar->event != LUA_HOOKRET) return 0;
    if (!lua_getinfo(L, "f", ar)) return 0;
    lua_CFunction function = lua_tocfunction(L, -1);
    lua_pop(L, 1);
    return function == ps_traceback_handler || function == pass_error;
}

static void install_stop_hook(lua_State *L) { lua_sethook(L, stop_hook, STOP_HOOK_MASK, 1); }

static void stop_hook(lua_State *L, lua_Debug *ar) {
    ps_runtime *rt = ps_runtime_of(L);
    int reason = pending_stop(rt);
    if (reason == PS_STOP_NONE) {
        /* Left on a coroutine by a stop that has since been cleared: it has no more work.
         * A new request may hook L at the same moment; look again once the hook is off. */
        lua_sethook(L, NULL, 0, 0);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (pending_stop(rt) != PS_STOP_NONE) install_stop_hook(L);
        return;
    }
    if (entering_message_handler(L, ar)) return;
    disarm_message_handlers(L);
    raise_stop(L, rt);
}

void ps_request_stop(lua_State *L, int reason) {
    ps_runtime *rt = ps_runtime_of(L);
    __atomic_store_n(&rt->stop_reason, reason, __ATOMIC_SEQ_CST);
    install_stop_hook(rt->main);
    /* While `stoppers` is non-zero, a thread switching away from `running` waits (see
     * leave_thread), so the thread read here cannot be collected before it is hooked. */
    __atomic_add_fetch(&rt->stoppers, 1, __ATOMIC_SEQ_CST);
    lua_State *running = __atomic_load_n(&rt->running, __ATOMIC_SEQ_CST);
    if (running != NULL && running != rt->main) install_stop_hook(running);
    __atomic_sub_fetch(&rt->stoppers, 1, __ATOMIC_SEQ_CST);
}

void ps_clear_stop(lua_State *L) {
    ps_runtime *rt = ps_runtime_of(L);
    lua_sethook(L, NULL, 0, 0);
    __atomic_store_n(&rt->stop_reason, PS_STOP_NONE, __ATOMIC_SEQ_CST);
}

/*
 * Marks `co` as the running thread before Lua code runs in it. When a stop is already
 * pending, `co` is hooked too, so it stops at once. (The store comes before the load, and
 * ps_request_stop stores the reason before loading `running`: at least one of the two sees
 * the other, so `co` is hooked either way.)
 */
static void enter_thread(ps_runtime *rt, lua_State *co) {
    __atomic_store_n(&rt->running, co, __ATOMIC_SEQ_CST);
    if (pending_stop(rt) != PS_STOP_NONE) install_stop_hook(co);
}

/*
 * Gives the running mark back to `L` once its coroutine has returned control, then waits for
 * any stop request that may still be hooking the coroutine: after this, nothing refers to it.
 * During a stop, `L` is hooked in turn, so the stop goes on in the resumer. The caller then
 * returns normally and the return hook raises the error, as on the main thread (raising in the
 * caller instead would run the message handler under the hook: "error in error handling").
 * Returns whether a stop is pending.
 */
static int leave_thread(ps_runtime *rt, lua_State *L) {
    __atomic_store_n(&rt->running, L, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&rt->stoppers, __ATOMIC_SEQ_CST) > 0) sched_yield();
    if (pending_stop(rt) == PS_STOP_NONE) return 0;
    install_stop_hook(L);
    return 1;
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
    enter_thread(rt, co);
    int status = lua_resume(co, L, narg, &nres);
    leave_thread(rt, L);
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
    enter_thread(rt, co);
    if (pending_stop(rt) == PS_STOP_NONE) {
#if LUA_VERSION_RELEASE_NUM >= 50406
        *status = lua_closethread(co, L);
#else
        *status = lua_resetthread(co);
#endif
        closed = 1;
    }
    leave_thread(rt, L);
    return closed;
}

static int coroutine_resume(lua_State *L) {
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
    if (pending_stop(ps_runtime_of(L)) != PS_STOP_NONE) return 0;   /* L is hooked */
    if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int coroutine_wrap(lua_State *L) {
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

static int coroutine_close(lua_State *L) {
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

/*
 * Library functions that a script could otherwise use to get past a stop. Hooks run only
 * between Lua instructions, so a C function must look for a stop itself when it can loop for
 * long without running Lua code or allocating (which the memory limit would bound).
 */

/* How many elements a C loop handles between two looks at the stop reason. */
#define STOP_CHECK_INTERVAL 4096

/* The message handler that a stop puts in place of a script's own: the error passes through. */
static int pass_error(lua_State *L) {
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
 * sits in the frame's slot 2, where disarm_message_handlers replaces it.
 */
static int base_xpcall(lua_State *L) {
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
            if (k % STOP_CHECK_INTERVAL == 0 && pending_stop(rt) != PS_STOP_NONE) raise_stop(L, rt);
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
        {"resume", coroutine_resume},
        {"wrap", coroutine_wrap},
        {"close", coroutine_close},
        {NULL, NULL},
    };
    luaL_openlibs(L);
    lua_getglobal(L, LUA_COLIBNAME);   /* the table package.loaded.coroutine also holds */
    luaL_setfuncs(L, marked, 0);
    lua_pop(L, 1);
    lua_pushcfunction(L, base_xpcall);
    lua_setglobal(L, "xpcall");
    lua_getglobal(L, LUA_STRLIBNAME);
    replace_field(L, "rep", string_rep);
    lua_pop(L, 1);
    lua_getglobal(L, LUA_TABLIBNAME);
    lua_pushcfunction(L, table_move);
    lua_setfield(L, -2, "move");
    lua_pop(L, 1);
}
