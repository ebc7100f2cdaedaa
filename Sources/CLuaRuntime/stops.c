#include "runtime_internal.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <lauxlib.h>
#include <lualib.h>

/*
 * Stopping. A hook is per thread, so a stop request hooks the main thread and the thread that
 * runs at that moment (`rt->running`, kept up to date by the coroutine functions in coroutines.c). The
 * hook stays installed, so a script that catches the error is stopped again at its next
 * instruction; a coroutine that dies of it makes its resumer install the hook in turn.
 */
#define STOP_HOOK_MASK (LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT)

int psi_pending_stop(const ps_runtime *rt) {
    return __atomic_load_n(&rt->stop_reason, __ATOMIC_SEQ_CST);
}

int ps_stop_reason(const ps_runtime *rt) { return psi_pending_stop(rt); }

/* Raises the error of a pending stop from a C function that Lua called. */
int psi_raise_stop(lua_State *L, ps_runtime *rt) {
    if (psi_pending_stop(rt) == PS_STOP_TIMEOUT) return luaL_error(L, "%s", rt->timeout_message);
    return luaL_error(L, "interrupted");
}

static void stop_hook(lua_State *L, lua_Debug *ar);

/* How many levels of L's stack a stop searches for xpcall frames (each look costs the depth). */
#define XPCALL_SEARCH_DEPTH 1000

/*
 * Replaces the message handler of every xpcall running on L by psi_pass_error. The stopping hook
 * raises its error from inside the hook, where hooks are off, and Lua runs the handler right
 * there: a handler that looped could never be stopped. During a stop no handler runs; the
 * hook raises the error again in each caller in turn. (Deeper xpcalls than the search depth
 * keep their handler: a forced exit bounds those.)
 */
void psi_disarm_message_handlers(lua_State *L) {
    lua_Debug frame;
    for (int level = 0; level < XPCALL_SEARCH_DEPTH && lua_getstack(L, level, &frame); level++) {
        if (!lua_getinfo(L, "f", &frame)) continue;
        int is_xpcall = lua_tocfunction(L, -1) == psi_base_xpcall;
        lua_pop(L, 1);
        if (!is_xpcall) continue;
        lua_pushcfunction(L, psi_pass_error);
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
    return function == ps_traceback_handler || function == psi_pass_error;
}

static void install_stop_hook(lua_State *L) { lua_sethook(L, stop_hook, STOP_HOOK_MASK, 1); }

static void stop_hook(lua_State *L, lua_Debug *ar) {
    ps_runtime *rt = ps_runtime_of(L);
    int reason = psi_pending_stop(rt);
    if (reason == PS_STOP_NONE) {
        /* Left on a coroutine by a stop that has since been cleared: it has no more work.
         * A new request may hook L at the same moment; look again once the hook is off. */
        lua_sethook(L, NULL, 0, 0);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (psi_pending_stop(rt) != PS_STOP_NONE) install_stop_hook(L);
        return;
    }
    if (entering_message_handler(L, ar)) return;
    psi_disarm_message_handlers(L);
    psi_raise_stop(L, rt);
}

void ps_request_stop(lua_State *L, int reason) {
    ps_runtime *rt = ps_runtime_of(L);
    __atomic_store_n(&rt->stop_reason, reason, __ATOMIC_SEQ_CST);
    install_stop_hook(rt->main);
    /* While `stoppers` is non-zero, a thread switching away from `running` waits (see
     * psi_leave_thread), so the thread read here cannot be collected before it is hooked. */
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
void psi_enter_thread(ps_runtime *rt, lua_State *co) {
    __atomic_store_n(&rt->running, co, __ATOMIC_SEQ_CST);
    if (psi_pending_stop(rt) != PS_STOP_NONE) install_stop_hook(co);
}

/*
 * Gives the running mark back to `L` once its coroutine has returned control, then waits for
 * any stop request that may still be hooking the coroutine: after this, nothing refers to it.
 * During a stop, `L` is hooked in turn, so the stop goes on in the resumer. The caller then
 * returns normally and the return hook raises the error, as on the main thread (raising in the
 * caller instead would run the message handler under the hook: "error in error handling").
 * Returns whether a stop is pending.
 */
int psi_leave_thread(ps_runtime *rt, lua_State *L) {
    __atomic_store_n(&rt->running, L, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&rt->stoppers, __ATOMIC_SEQ_CST) > 0) sched_yield();
    if (psi_pending_stop(rt) == PS_STOP_NONE) return 0;
    install_stop_hook(L);
    return 1;
}

static lua_State *volatile interrupt_target = NULL;
static volatile sig_atomic_t interrupts_only_stop = 0;

static void on_interrupt(int signo) {
    /* A second Ctrl-C ends the process, as in the stock interpreter, unless a long-lived server
       (the notebook kernel) asked that SIGINT only ever stop the running code. */
    if (!interrupts_only_stop) signal(signo, SIG_DFL);
    lua_State *L = interrupt_target;
    if (L != NULL) ps_request_stop(L, PS_STOP_INTERRUPT);
}

void ps_interrupts_only_stop(void) {
    interrupts_only_stop = 1;
    signal(SIGINT, on_interrupt);
}

void ps_catch_interrupts(lua_State *L) {
    interrupt_target = L;
    signal(SIGINT, L != NULL || interrupts_only_stop ? on_interrupt : SIG_DFL);
    if (L != NULL) {
        /* A parent may have started us with SIGINT blocked; Ctrl-C must still reach the script. */
        sigset_t interrupt;
        sigemptyset(&interrupt);
        sigaddset(&interrupt, SIGINT);
        pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
    }
}
