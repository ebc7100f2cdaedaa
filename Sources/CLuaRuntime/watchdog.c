#include "CLuaRuntime.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/*
 * The watchdog thread. It sleeps on a condition variable, so it needs no CPU time until the
 * deadline and is woken at once by a cancel; it shares no pool with anything else, so busy
 * threads elsewhere cannot delay it.
 */
struct ps_watchdog {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int cancelled;                 /* guarded by lock */
    lua_State *L;                  /* the state to stop, or NULL */
    struct timespec deadline;
    struct timespec hard_deadline; /* when the process ends if still armed */
    int exit_status;               /* < 0: never end the process */
    char exit_message[256];
};

#if defined(__linux__)
static const clockid_t WATCHDOG_CLOCK = CLOCK_MONOTONIC;
#else
static const clockid_t WATCHDOG_CLOCK = CLOCK_REALTIME;   /* no pthread_condattr_setclock */
#endif

/* Longer waits than this (about 31 years) are cut to it, so time_t cannot overflow. */
static const double LONGEST_WAIT = 1e9;

static struct timespec after(struct timespec start, double seconds) {
    if (!(seconds > 0)) seconds = 0;   /* also NaN */
    if (seconds > LONGEST_WAIT) seconds = LONGEST_WAIT;
    time_t whole = (time_t)seconds;
    long nanoseconds = start.tv_nsec + (long)((seconds - (double)whole) * 1e9);
    start.tv_sec += whole + nanoseconds / 1000000000L;
    start.tv_nsec = nanoseconds % 1000000000L;
    return start;
}

/* Waits (lock held) until `deadline`; returns 1 when it passed, 0 when cancelled first. */
static int wait_until(ps_watchdog *w, const struct timespec *deadline) {
    while (!w->cancelled) {
        if (pthread_cond_timedwait(&w->wake, &w->lock, deadline) == ETIMEDOUT) return !w->cancelled;
    }
    return 0;
}

static int exiting = 0;

/*
 * Ends the process with the watchdog's status and message. Whatever the script printed is
 * flushed first, unless another thread holds stdout (it may be stuck writing): then it is lost
 * rather than waited for. Only the first watchdog to get here writes.
 */
static void force_exit(ps_watchdog *w) {
    if (__atomic_exchange_n(&exiting, 1, __ATOMIC_SEQ_CST)) {
        for (;;) pause();   /* another watchdog is ending the process */
    }
    if (ftrylockfile(stdout) == 0) {
        fflush(stdout);
        funlockfile(stdout);
    }
    size_t length = strlen(w->exit_message);
    const char *next = w->exit_message;
    while (length > 0) {
        ssize_t written = write(STDERR_FILENO, next, length);
        if (written <= 0 && errno != EINTR) break;
        if (written > 0) {
            next += written;
            length -= (size_t)written;
        }
    }
    _exit(w->exit_status);
}

static void *watchdog_main(void *argument) {
    ps_watchdog *w = (ps_watchdog *)argument;
    pthread_mutex_lock(&w->lock);
    if (wait_until(w, &w->deadline)) {
        /* Under the lock: a cancel waits for this, so L is never touched after it returns. */
        if (w->L != NULL) ps_request_stop(w->L, PS_STOP_TIMEOUT);
        if (w->exit_status >= 0 && wait_until(w, &w->hard_deadline)) force_exit(w);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

ps_watchdog *ps_watchdog_start(lua_State *L, double seconds, double grace, int exit_status,
                               const char *exit_message) {
    ps_watchdog *w = (ps_watchdog *)calloc(1, sizeof *w);
    if (w == NULL) return NULL;
    w->L = L;
    w->exit_status = exit_status;
    if (exit_message != NULL) snprintf(w->exit_message, sizeof w->exit_message, "%s", exit_message);
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
#if defined(__linux__)
    pthread_condattr_setclock(&attributes, WATCHDOG_CLOCK);
#endif
    int failed = pthread_cond_init(&w->wake, &attributes);
    pthread_condattr_destroy(&attributes);
    if (failed) {
        free(w);
        return NULL;
    }
    pthread_mutex_init(&w->lock, NULL);
    struct timespec now;
    clock_gettime(WATCHDOG_CLOCK, &now);
    w->deadline = after(now, seconds);
    w->hard_deadline = after(w->deadline, grace);
    if (pthread_create(&w->thread, NULL, watchdog_main, w) != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return NULL;
    }
    return w;
}

void ps_watchdog_cancel(ps_watchdog *w) {
    if (w == NULL) return;
    pthread_mutex_lock(&w->lock);
    w->cancelled = 1;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
