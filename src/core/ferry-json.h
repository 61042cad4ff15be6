/* ferry-json.h: lenient readers for Huawei Cloud JSON
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The APIs send many booleans and numbers as strings ("true", "42") and
 * leave fields out, null or "". These readers accept both forms, treat a
 * missing or null member, and a scalar one that is "", as absent, and fail
 * with FERRY_API_ERROR_INVALID_RESPONSE on a member of an impossible type
 * (an object where a string belongs, "yes" for a boolean...) or value (a
 * negative size...). They never abort on bad input. */

/* Sets @error to FERRY_API_ERROR_INVALID_RESPONSE for @member of an answer:
 * the user reads the translated sentence of that code, "<member>: <problem>"
 * is kept as the error's server message for logs and support. Always
 * returns FALSE, so a reader can end with `return ferry_json_set_invalid (...)`. */
gboolean    ferry_json_set_invalid  (GError      **error,
                                     const char   *member,
                                     const char   *problem);

/* A string member (a number is turned into its decimal text).
 * *value is NULL when absent, null or empty: callers test for NULL only
 * and never see "". */
gboolean    ferry_json_get_string   (JsonObject   *object,
                                     const char   *member,
                                     char        **value,
                                     GError      **error);
/* Like ferry_json_get_string, but absence is an error too: a missing,
 * null or empty member fails ("missing" or "empty"), so *value is never
 * NULL nor "" on success. */
gboolean    ferry_json_require_string (JsonObject *object,
                                       const char *member,
                                       char      **value,
                                       GError    **error);
/* A boolean member: true/false or "true"/"false" (any case). *value is
 * @fallback when absent. */
gboolean    ferry_json_get_boolean  (JsonObject   *object,
                                     const char   *member,
                                     gboolean      fallback,
                                     gboolean     *value,
                                     GError      **error);
/* An integer member: a JSON integer or a decimal string. *value is
 * @fallback when absent, and on error. */
gboolean    ferry_json_get_int64    (JsonObject   *object,
                                     const char   *member,
                                     gint64        fallback,
                                     gint64       *value,
                                     GError      **error);
/* An integer member as ferry_json_get_int64 reads it, that must lie in
 * 0..@max ("out of range" otherwise). Values above G_MAXINT64 are never
 * accepted, whatever @max. *value is 0 and *present FALSE when absent,
 * and on error; @present may be NULL when 0 will do for absent. */
gboolean    ferry_json_get_uint64   (JsonObject   *object,
                                     const char   *member,
                                     guint64       max,
                                     guint64      *value,
                                     gboolean     *present,
                                     GError      **error);
/* A number member: a JSON number or a decimal string. *value is
 * @fallback when absent, and on error. "nan" and "inf" are read as such. */
gboolean    ferry_json_get_double   (JsonObject   *object,
                                     const char   *member,
                                     double        fallback,
                                     double       *value,
                                     GError      **error);
/* Like ferry_json_get_double, but NaN and infinities ("nan", "inf"...)
 * fail ("not finite"), so *value is always finite. Any narrower range is
 * the caller's to check. */
gboolean    ferry_json_get_finite_double (JsonObject *object,
                                          const char *member,
                                          double      fallback,
                                          double     *value,
                                          GError    **error);
/* An object member; *value is NULL when absent. Borrowed. */
gboolean    ferry_json_get_object   (JsonObject   *object,
                                     const char   *member,
                                     JsonObject  **value,
                                     GError      **error);
/* An array member, which must be present. Borrowed. */
gboolean    ferry_json_require_array (JsonObject  *object,
                                      const char  *member,
                                      JsonArray  **value,
                                      GError     **error);

/* A list model of @item_type from the array @member of @object, each
 * element made by @from_json (a ferry_*_new_from_json function). Fails on
 * the first element that is not an object or does not parse. */
typedef gpointer (*FerryFromJsonFunc) (JsonObject *object,
                                       GError    **error);
GListStore *ferry_json_parse_list   (JsonObject        *object,
                                     const char        *member,
                                     GType              item_type,
                                     FerryFromJsonFunc  from_json,
                                     GError           **error);

/* Every JSON that Ferry reads (answers, error bodies, the task file, the
 * keyring's account records) goes through ferry_json_parse(), which
 * refuses, before json-glib sees it, text nested deeper than
 * FERRY_JSON_MAX_DEPTH (json-glib recurses once per level and a few
 * hundred thousand levels overflow the stack; a real answer nests fewer
 * than 10), larger than FERRY_JSON_MAX_BYTES (the largest real answer, a
 * page of 500 images, is under 2 MB; the task file needs about 1 KB a
 * copy), or that is not UTF-8 (raw bytes, or a \uD800 escape without its
 * pair, which json-glib would turn into bytes that are not UTF-8). Each
 * refusal is a FERRY_API_ERROR_INVALID_RESPONSE whose message says which,
 * the detail being kept as its server message. */
#define FERRY_JSON_MAX_DEPTH 64
#define FERRY_JSON_MAX_BYTES (32 * 1024 * 1024)

/* Sets @error to the refusal of an answer larger than FERRY_JSON_MAX_BYTES,
 * for readers that stop before the end. Always returns FALSE. */
gboolean    ferry_json_set_too_large (GError    **error);

/* Parses @size bytes of @data into a node of any type. */
JsonNode   *ferry_json_parse        (const char   *data,
                                     gsize         size,
                                     GError      **error);
/* Parses @bytes into a node that must be an object. */
JsonNode   *ferry_json_parse_object (GBytes       *bytes,
                                     GError      **error);

/* Writers for serializing models: each sets @member of the object being
 * built. ferry_json_add_string leaves @member out when @value is NULL. */
void        ferry_json_add_string   (JsonBuilder  *builder,
                                     const char   *member,
                                     const char   *value);
void        ferry_json_add_boolean  (JsonBuilder  *builder,
                                     const char   *member,
                                     gboolean      value);

/* Typed members, as the reference types them.
 *
 * The readers above are lenient: a string member may come as a number and
 * is turned into its text. For members the reference types as strings
 * (ids, names, statuses...) that hides a broken answer ("12345" as a
 * project name), so models read them with the strict readers below: a
 * JSON string or nothing; a number, boolean, array or object fails. Where
 * the reference itself shows both a string and a number for one member,
 * the lenient ferry_json_get_string stays right. Numbers and booleans keep
 * the lenient readers: Huawei writes many of them as strings. */

/* A string member that must be there and not "": fails "missing", "empty"
 * or, for any other JSON type, "string". */
gboolean    ferry_json_require_text (JsonObject  *object,
                                     const char  *member,
                                     char       **value,
                                     GError     **error);
/* A string member that may be absent, null or "" (then *value is NULL);
 * any other JSON type fails ("string"). */
gboolean    ferry_json_get_text     (JsonObject  *object,
                                     const char  *member,
                                     char       **value,
                                     GError     **error);
/* An object member that must be there: fails "missing" or "object". */
gboolean    ferry_json_require_member_object (JsonObject  *object,
                                              const char  *member,
                                              JsonObject **value,
                                              GError     **error);
/* An unsigned integer member, as ferry_json_get_uint64 reads it, that must
 * be there ("missing"). */
gboolean    ferry_json_require_uint64 (JsonObject  *object,
                                       const char  *member,
                                       guint64      max,
                                       guint64     *value,
                                       GError     **error);

/* Names the answer in an error of the readers above: once a model of the
 * @answer answer ("projects", "agency"...) failed on one of its members,
 * the user reads "The service’s “projects” answer has no “id”." (or, for a
 * member of the wrong type or value, "... “name” is not valid."), the
 * detail "<member>: <problem>" staying the error's server message. Does
 * nothing to other errors. Always returns FALSE, so that a parser can end
 * with `return (ferry_json_name_answer (error, "projects"), NULL)`. */
gboolean    ferry_json_name_answer  (GError     **error,
                                     const char  *answer);

/* An error from a non-2xx answer: reads both error shapes of the API
 * (top-level error_code/error_msg, top-level code/message, then a nested
 * object such as {"error": {"code", "message"}}) through ferry_json_parse()'s
 * limits, and makes the error with ferry_api_error_new_from_answer().
 * @body may be NULL or not JSON at all; @request_id, when NULL, is taken
 * from the body's "request_id" if it has one. */
GError     *ferry_json_read_error   (guint         http_status,
                                     GBytes       *body,
                                     const char   *request_id);

G_END_DECLS
