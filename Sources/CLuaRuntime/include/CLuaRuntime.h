/*
 * The parts of PeerScript's Lua runtime that must be written in C.
 *
 * Lua reports errors with longjmp. Swift code must never be jumped over, so every Swift
 * function that Lua calls runs behind `ps_host_trampoline`: Swift returns a status, and only
 * then, back in C, is the error raised. The same rule shapes the memory limit (the allocator
 * never refuses while Swift code runs; the trampoline raises on return) and the stopping hook
 * (installed from another thread or a signal handler only when a script must stop).
 */
#ifndef PEERSCRIPT_CLUA_RUNTIME_H
#define PEERSCRIPT_CLUA_RUNTIME_H

#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <lua.h>

/* Why a running script is being stopped. */
enum {
    PS_STOP_NONE = 0,
    PS_STOP_TIMEOUT = 1,
    PS_STOP_INTERRUPT = 2,
};

/* Bookkeeping shared by the allocator, the trampoline and the stopping hook. */
typedef struct ps_runtime {
    size_t used;              /* bytes currently allocated by the state */
    size_t peak;              /* most bytes ever allocated at once */
    size_t limit;             /* refuse allocations past this many bytes; 0 means no limit */
    int host_depth;           /* > 0 while Swift code runs (from the start): the allocator then never refuses */
    int finalizer_host_depth; /* the same, for Swift code entered while a finalizer runs */
    int limit_hit;            /* set once an allocation went (or would have gone) past the limit */
    volatile sig_atomic_t stop_reason;  /* PS_STOP_* once a stop has been requested */
    char timeout_message[64]; /* raised by the stopping hook once the deadline has passed */
    lua_State *main;          /* the state's main thread */
    lua_State *running;       /* the thread running Lua code now (main, or a resumed coroutine) */
    int stoppers;             /* stop requests busy hooking `running`; it must stay alive meanwhile */
    int box_metatable;        /* registry reference of the host-function box metatable; 0 until made */
    lua_State *calling;       /* the thread of the innermost host call running now, or NULL */
    int memory_refused;       /* host code refused a result for the memory limit during that call */
    int refusal_raised;       /* a light handle's refusal raised an error worded as Lua's own, for its caller */
} ps_runtime;

/*
 * Swift's single entry point for every host function. Returns the number of results it
 * pushed, PS_HOST_RAISE_ERROR after pushing an error value that the trampoline must raise, or
 * PS_HOST_RAISE_MEMORY_ERROR for the trampoline to raise Lua's memory error.
 */
enum {
    PS_HOST_RAISE_ERROR = -1,
    PS_HOST_RAISE_MEMORY_ERROR = -2,
};
typedef int (*ps_host_dispatch)(lua_State *L);

/* Installs the Swift dispatcher. Called once, before any state is created. */
void ps_set_host_dispatch(ps_host_dispatch dispatch);

/* A new state whose allocator counts bytes in `runtime` (which must outlive the state). */
lua_State *ps_newstate(ps_runtime *runtime);

/* The runtime record of a state created by ps_newstate. */
ps_runtime *ps_runtime_of(lua_State *L);

/* Bytes the state may still allocate before reaching its limit; SIZE_MAX without a limit. */
size_t ps_remaining_memory(const ps_runtime *runtime);

/* Records that a result was refused because it would not fit in the memory limit. */
void ps_note_limit_hit(ps_runtime *runtime);

/* The reason a stop was requested (PS_STOP_*), read atomically: safe from any thread. */
int ps_stop_reason(const ps_runtime *runtime);

/*
 * Opens the standard libraries, with coroutine.resume, coroutine.wrap and coroutine.close
 * replaced by versions that record which thread runs, so that a stop request reaches a
 * runaway loop inside a coroutine; xpcall by one whose handler a stop can disarm (the handler
 * would run with hooks off); table.move by one that looks for a stop as it loops; and
 * string.rep by one that makes an empty result at once. They behave as the stock functions
 * otherwise.
 */
void ps_open_standard_libraries(lua_State *L);

/* Releases a Swift object that a host function's first upvalue held. */
typedef void (*ps_box_release)(void *box);

/* Installs the release function. Called once, before any state is created. */
void ps_set_box_release(ps_box_release release);

/*
 * Pushes a C closure that calls the Swift dispatcher. Its first upvalue is a userdata holding
 * `box` (a retained Swift object, released when the closure is collected); the `nup` values on
 * top of the stack (popped) become upvalues 2 and on.
 */
void ps_push_host_function(lua_State *L, void *box, int nup);

/* The box held by the running host function's first upvalue. */
void *ps_host_function_box(lua_State *L);

/* The lua_CFunction behind every host function; exposed so tests can recognise it. */
int ps_host_trampoline(lua_State *L);

/* lua_pcall that lets the allocator refuse again while Lua code runs inside it. */
int ps_host_pcall(lua_State *L, int nargs, int nresults, int msgh);

/*
 * Message handler for ps_host_pcall: turns the error into a string (using __tostring where the
 * value has one) and appends a traceback, as the stock interpreter does.
 */
int ps_traceback_handler(lua_State *L);

/*
 * Asks the running script to stop. Safe to call from another thread or a signal handler:
 * it only stores the reason and installs a hook, as the stock interpreter does for Ctrl-C,
 * on the main thread and on the coroutine running at that moment. A coroutine that ends
 * because of the stop hooks its resumer in turn, so the stop climbs back to the main thread.
 */
void ps_request_stop(lua_State *L, int reason);

/* Removes the stopping hook and forgets any stop request (the REPL does this after Ctrl-C). */
void ps_clear_stop(lua_State *L);

/*
 * A watchdog: a thread of its own (not a dispatch queue, whose threads a script can keep busy)
 * that waits on a condition variable until `seconds` have passed, then stops L's script with
 * ps_request_stop(L, PS_STOP_TIMEOUT). When `exit_status` >= 0 and the watchdog is still armed
 * `grace` seconds later (the script sits in a finalizer or in one long C call, where hooks do
 * not run), it writes `exit_message` to stderr and ends the process with `_exit(exit_status)`.
 * L may be NULL for a watchdog that only ends the process. Returns NULL when no thread could
 * be started.
 */
typedef struct ps_watchdog ps_watchdog;
ps_watchdog *ps_watchdog_start(lua_State *L, double seconds, double grace, int exit_status,
                               const char *exit_message);

/* Disarms the watchdog, waits for its thread to end and frees it: after this it never acts. */
void ps_watchdog_cancel(ps_watchdog *watchdog);

/* Routes SIGINT to ps_request_stop(L, PS_STOP_INTERRUPT); pass NULL to restore the default. */
void ps_catch_interrupts(lua_State *L);
/* From now on SIGINT never ends the process: it stops the code that runs, if any, and is ignored
   otherwise (for a server that must outlive interrupts, such as the notebook kernel). */
void ps_interrupts_only_stop(void);

/*
 * Light handles: light userdata carrying a slot (0...65535) and a number (0...2^32-1) in their
 * pointer bits, under a tag no address has. They cost no allocation; all of them share the
 * one metatable Lua gives light userdata. Pushing never raises.
 */
enum { PS_LIGHT_HANDLE_SLOTS = 65536 };
void ps_push_light_handle(lua_State *L, unsigned slot, uint32_t number);

/* 1 with the handle's slot and number when the value at idx is a light handle; 0 otherwise. */
int ps_light_handle(lua_State *L, int idx, unsigned *slot, uint32_t *number);

/*
 * Pushes an iterator for a generic for: each call returns the handle of `slot` with the next
 * number from `first` up to `end` (excluded), then nothing. It runs in C alone.
 */
void ps_push_light_handle_counter(lua_State *L, unsigned slot, uint32_t first, uint32_t end);

/*
 * Sets the arithmetic, bitwise, concatenation, length, order, call and assignment metamethods
 * of the table at `metatable` to ones that raise what Lua raises for a full userdata whose
 * __name is `type_name` (Lua's own messages name light userdata only "userdata"), or pass the
 * operation on to the other operand's metamethod as Lua would. Never raises while setting.
 */
void ps_set_operator_refusals(lua_State *L, int metatable, const char *type_name);

#endif
