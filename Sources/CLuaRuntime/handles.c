#include "runtime_internal.h"

#include <stdint.h>
#include <string.h>
#include <lauxlib.h>

/*
 * Light handles: light userdata whose pointer bits are not an address but a tag, a slot and a
 * number. Making one allocates nothing, and scripts cannot make light userdata, so a value
 * with the tag can only come from here. All light userdata share one metatable per state;
 * the host makes it the metatable of its handles.
 */

_Static_assert(sizeof(void *) == 8, "light handles need 64-bit pointers");

/* Above any user-space address on the 64-bit systems Lua runs on: no real pointer has it. */
#define HANDLE_TAG UINT64_C(0xB0A7)

static void *encode(uint64_t slot, uint64_t number) {
    return (void *)(uintptr_t)((HANDLE_TAG << 48) | (slot << 32) | number);
}

void ps_push_light_handle(lua_State *L, unsigned slot, uint32_t number) {
    lua_pushlightuserdata(L, encode(slot & 0xFFFF, number));
}

int ps_light_handle(lua_State *L, int idx, unsigned *slot, uint32_t *number) {
    if (lua_type(L, idx) != LUA_TLIGHTUSERDATA) return 0;
    uint64_t bits = (uint64_t)(uintptr_t)lua_touserdata(L, idx);
    if (bits >> 48 != HANDLE_TAG) return 0;
    *slot = (unsigned)((bits >> 32) & 0xFFFF);
    *number = (uint32_t)bits;
    return 1;
}

/* A counter's state: the next handle to give and the one past the last, both encoded. */
typedef struct counter {
    uint64_t next;
    uint64_t end;
} counter;

/* The iterator: the next handle, or nothing once the range is done. No call leaves C. */
static int count_handles(lua_State *L) {
    counter *state = (counter *)lua_touserdata(L, lua_upvalueindex(1));
    if (state->next >= state->end) return 0;
    lua_pushlightuserdata(L, (void *)(uintptr_t)state->next);
    state->next++;
    return 1;
}

void ps_push_light_handle_counter(lua_State *L, unsigned slot, uint32_t first, uint32_t end) {
    counter *state = (counter *)lua_newuserdatauv(L, sizeof(counter), 0);
    state->next = (uint64_t)(uintptr_t)encode(slot & 0xFFFF, first);
    state->end = (uint64_t)(uintptr_t)encode(slot & 0xFFFF, end < first ? first : end);
    lua_pushcclosure(L, count_handles, 1);
}

/*
 * Refusals. Lua names an operand's type by its metatable's __name only for tables and full
 * userdata, so an operation on a handle would read "a userdata value" where a full userdata of
 * the same class reads "a Row value". These metamethods raise the message Lua gives for the
 * full userdata, or pass the operation on to the other operand's metamethod, as Lua would have.
 */
enum { ARITH, BITWISE, CONCAT, LENGTH, ORDER, CALL, NEWINDEX };

static const struct refusal {
    const char *event;
    int kind;
} refusals[] = {
    {"__add", ARITH}, {"__sub", ARITH}, {"__mul", ARITH}, {"__div", ARITH}, {"__mod", ARITH},
    {"__pow", ARITH}, {"__unm", ARITH}, {"__idiv", ARITH},
    {"__band", BITWISE}, {"__bor", BITWISE}, {"__bxor", BITWISE}, {"__shl", BITWISE},
    {"__shr", BITWISE}, {"__bnot", BITWISE},
    {"__concat", CONCAT}, {"__len", LENGTH}, {"__lt", ORDER}, {"__le", ORDER},
    {"__call", CALL}, {"__newindex", NEWINDEX},
};

/* The type name Lua's own messages give the value at idx (luaT_objtypename), with handles
 * named as their class. */
static const char *type_name(lua_State *L, int idx, const char *handle_name) {
    int type = lua_type(L, idx);
    if (type == LUA_TLIGHTUSERDATA) return handle_name;
    if ((type == LUA_TTABLE || type == LUA_TUSERDATA) && lua_getmetatable(L, idx)) {
        lua_pushliteral(L, "__name");
        int found = lua_rawget(L, -2) == LUA_TSTRING;
        const char *name = found ? lua_tostring(L, -1) : NULL;
        lua_pop(L, 2);   /* the name stays alive in the metatable */
        if (name != NULL) return name;
    }
    return lua_typename(L, type);
}

/* Whether the table on top holds `value` (absolute index) under a string key; if so the key
 * replaces the table on top. */
static int find_key(lua_State *L, int value) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_rawequal(L, -1, value)) {
            lua_pop(L, 1);
            lua_remove(L, -2);
            return 1;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/*
 * Pushes what Lua adds after the type to name where the value came from, such as
 * " (local 'row')": a named local of the calling function holding the value, else one of its
 * upvalues, else a global. Lua reads this from the instruction, so the two differ when the
 * value also sits under another name, or came from a table field (Lua: "field 'x'", here
 * the first other name found, or none).
 */
static void push_origin(lua_State *L, int value) {
    lua_Debug ar;
    if (!lua_getstack(L, 1, &ar)) {
        lua_pushliteral(L, "");
        return;
    }
    lua_getinfo(L, "Sf", &ar);   /* pushes the calling function */
    int function = lua_gettop(L);
    if (ar.what[0] == 'C') {
        lua_pop(L, 1);
        lua_pushliteral(L, "");
        return;
    }
    const char *name;
    int locals = 0;
    while (lua_getlocal(L, &ar, locals + 1) != NULL) {
        lua_pop(L, 1);
        locals++;
    }
    /* Innermost first: a loop's own variable rather than an outer alias of the same row. */
    for (int n = locals; n >= 1; n--) {
        name = lua_getlocal(L, &ar, n);
        int same = name[0] != '(' && lua_rawequal(L, -1, value);
        lua_pop(L, 1);
        if (same) {
            lua_pushfstring(L, " (local '%s')", name);
            lua_remove(L, function);
            return;
        }
    }
    int environment = 0;
    for (int n = 1; (name = lua_getupvalue(L, function, n)) != NULL; n++) {
        if (strcmp(name, "_ENV") == 0 && lua_type(L, -1) == LUA_TTABLE && environment == 0) {
            environment = n;
        } else if (lua_rawequal(L, -1, value)) {
            lua_pop(L, 1);
            lua_pushfstring(L, " (upvalue '%s')", name);
            lua_remove(L, function);
            return;
        }
        lua_pop(L, 1);
    }
    if (environment != 0) {
        lua_getupvalue(L, function, environment);
        if (find_key(L, value)) {
            lua_pushfstring(L, " (global '%s')", lua_tostring(L, -1));
            lua_remove(L, -2);
            lua_remove(L, function);
            return;
        }
    }
    lua_pop(L, 1);
    lua_pushliteral(L, "");
}

static int refuse(lua_State *L);

/*
 * Raises the message on top, prefixed with the position of the Lua code `level` frames up.
 * The error is raised for that code: a traceback leaves out the frame of the refusal, as Lua's
 * own error would have had none (see psi_traceback_start).
 */
static int raise_for_caller(lua_State *L, int level) {
    luaL_where(L, level);
    lua_insert(L, -2);
    lua_concat(L, 2);
    ps_runtime_of(L)->refusal_raised = 1;
    return lua_error(L);
}

int psi_traceback_start(lua_State *L) {
    ps_runtime *rt = ps_runtime_of(L);
    if (!rt->refusal_raised) return 1;
    rt->refusal_raised = 0;
    lua_Debug ar;
    if (!lua_getstack(L, 1, &ar) || !lua_getinfo(L, "f", &ar)) return 1;
    int raised_by_refusal = lua_tocfunction(L, -1) == refuse;
    lua_pop(L, 1);
    return raised_by_refusal ? 2 : 1;
}

/* Raises "attempt to <verb> a <type> value<origin>" about the value at idx, as luaG_typeerror. */
static int type_error(lua_State *L, int idx, const char *verb, const char *handle_name) {
    const char *type = type_name(L, idx, handle_name);
    push_origin(L, idx);
    lua_pushfstring(L, "attempt to %s a %s value%s", verb, type, lua_tostring(L, -1));
    lua_remove(L, -2);
    return raise_for_caller(L, 1);
}

/*
 * String arithmetic with a handle. The string library's metamethods (lstrlib.c's trymt) call
 * the other operand's metamethod, which for a handle is this one; without it they raise
 * "attempt to add a 'string' with a 'userdata'" from their own frame, so this does the same.
 */
static int string_arith_error(lua_State *L, const char *event, int called_by_string_library) {
    lua_pushfstring(L, "attempt to %s a '%s' with a '%s'", event + 2, luaL_typename(L, 1),
                    luaL_typename(L, 2));
    if (!called_by_string_library) {
        /* Called as the handle's own metamethod, standing in for the string's one: its frame
         * is the one the string library's would have been. */
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    return raise_for_caller(L, 2);
}

static int is_number(lua_State *L, int idx) { return lua_type(L, idx) == LUA_TNUMBER; }

/*
 * Calls the second operand's metamethod for `event` when it has one, as Lua does when the
 * first operand (a handle) has none; returns 0 when it has none. Only for a handle called as
 * the first operand's metamethod: otherwise Lua already tried the first operand's own.
 */
static int pass_on(lua_State *L, const char *event) {
    if (lua_gettop(L) < 2 || lua_type(L, 1) != LUA_TLIGHTUSERDATA
        || lua_type(L, 2) == LUA_TLIGHTUSERDATA || lua_type(L, 2) == LUA_TSTRING)
        return 0;
    if (luaL_getmetafield(L, 2, event) == LUA_TNIL) return 0;
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_call(L, 2, 1);
    return 1;
}

static int refuse(lua_State *L) {
    const struct refusal *refusal = &refusals[lua_tointeger(L, lua_upvalueindex(1))];
    const char *name = lua_tostring(L, lua_upvalueindex(2));
    ps_runtime_of(L)->refusal_raised = 0;
    if (refusal->kind == ARITH || refusal->kind == BITWISE || refusal->kind == CONCAT
        || refusal->kind == ORDER) {
        lua_settop(L, 2);
        if (pass_on(L, refusal->event)) return 1;
    }
    if (refusal->kind == ARITH && (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 2) == LUA_TSTRING))
        return string_arith_error(L, refusal->event, lua_type(L, 1) == LUA_TSTRING);
    switch (refusal->kind) {
    case ARITH:   /* luaG_opinterror: the first operand that is not a number */
        return type_error(L, is_number(L, 1) ? 2 : 1, "perform arithmetic on", name);
    case BITWISE:
        return type_error(L, is_number(L, 1) ? 2 : 1, "perform bitwise operation on", name);
    case CONCAT: {   /* luaG_concaterror: the first operand that is not a string or number */
        int t = lua_type(L, 1);
        return type_error(L, t == LUA_TSTRING || t == LUA_TNUMBER ? 2 : 1, "concatenate", name);
    }
    case LENGTH:
        return type_error(L, 1, "get length of", name);
    case ORDER: {   /* luaG_ordererror */
        const char *first = type_name(L, 1, name), *second = type_name(L, 2, name);
        if (strcmp(first, second) == 0)
            lua_pushfstring(L, "attempt to compare two %s values", first);
        else
            lua_pushfstring(L, "attempt to compare %s with %s", first, second);
        return raise_for_caller(L, 1);
    }
    case CALL: {   /* luaG_callerror: the name the caller called it by */
        lua_Debug ar;
        if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "n", &ar) && ar.namewhat != NULL
            && ar.namewhat[0] != '\0' && ar.name != NULL) {
            const char *type = type_name(L, 1, name);
            lua_pushfstring(L, "attempt to call a %s value (%s '%s')", type, ar.namewhat, ar.name);
            return raise_for_caller(L, 1);
        }
        return type_error(L, 1, "call", name);
    }
    default:   /* NEWINDEX: luaV_finishset without a metamethod */
        return type_error(L, 1, "index", name);
    }
}

void ps_set_operator_refusals(lua_State *L, int metatable, const char *type_name) {
    metatable = lua_absindex(L, metatable);
    for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++) {
        lua_pushstring(L, refusals[i].event);
        lua_pushinteger(L, (lua_Integer)i);
        lua_pushstring(L, type_name);
        lua_pushcclosure(L, refuse, 2);
        lua_rawset(L, metatable);
    }
}
