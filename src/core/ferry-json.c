/* ferry-json.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "ferry-error.h"
#include "ferry-json.h"

gboolean
ferry_json_set_invalid (GError     **error,
                        const char  *member,
                        const char  *problem)
{
  g_autofree char *detail = g_strdup_printf ("%s: %s", member, problem);

  /* The user reads the translated sentence; the member and what was
   * wrong with it stay with the error for logs and support. */
  g_propagate_error (error, ferry_api_error_new (FERRY_API_ERROR_INVALID_RESPONSE, 0, NULL,
                                                 detail, NULL));
  return FALSE;
}

/* The member's scalar node, NULL when absent or null. */
static JsonNode *
get_value (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

/* The text of a string member, NULL when absent, null or "". A whole number reads as its
 * digits only when @number_is_text (ferry_json_get_string); ferry_json_get_text refuses it. */
static gboolean
get_text_value (JsonObject  *object,
                const char  *member,
                gboolean     number_is_text,
                char       **value,
                GError     **error)
{
  JsonNode *node = get_value (object, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return ferry_json_set_invalid (error, member, "string");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (node);

        if (*s != '\0')
          *value = g_strdup (s);
        return TRUE;
      }
    case G_TYPE_INT64:
      if (!number_is_text)
        return ferry_json_set_invalid (error, member, "string");
      *value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    default:
      return ferry_json_set_invalid (error, member, "string");
    }
}

/* get_text_value(), with absence an error too. */
static gboolean
require_text_value (JsonObject  *object,
                    const char  *member,
                    gboolean     number_is_text,
                    char       **value,
                    GError     **error)
{
  if (!get_text_value (object, member, number_is_text, value, error))
    return FALSE;
  /* A string that read as absent but is there can only be "". */
  if (*value == NULL)
    return ferry_json_set_invalid (error, member,
                                   get_value (object, member) != NULL ? "empty" : "missing");
  return TRUE;
}

gboolean
ferry_json_get_string (JsonObject  *object,
                       const char  *member,
                       char       **value,
                       GError     **error)
{
  return get_text_value (object, member, TRUE, value, error);
}

gboolean
ferry_json_require_string (JsonObject  *object,
                           const char  *member,
                           char       **value,
                           GError     **error)
{
  return require_text_value (object, member, TRUE, value, error);
}

gboolean
ferry_json_get_boolean (JsonObject  *object,
                        const char  *member,
                        gboolean     fallback,
                        gboolean    *value,
                        GError     **error)
{
  JsonNode *node = get_value (object, member);

  *value = fallback;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return ferry_json_set_invalid (error, member, "boolean");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      *value = json_node_get_boolean (node);
      return TRUE;
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (node);

        if (g_ascii_strcasecmp (s, "true") == 0)
          *value = TRUE;
        else if (g_ascii_strcasecmp (s, "false") == 0)
          *value = FALSE;
        else if (*s == '\0')
          *value = fallback;
        else
          return ferry_json_set_invalid (error, member, "boolean");
        return TRUE;
      }
    default:
      return ferry_json_set_invalid (error, member, "boolean");
    }
}

/* The integer of @member; *present is FALSE (and *value 0) when it is
 * absent, null or "", and on error. */
static gboolean
read_int64 (JsonObject  *object,
            const char  *member,
            gint64      *value,
            gboolean    *present,
            GError     **error)
{
  JsonNode *node = get_value (object, member);

  *value = 0;
  *present = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return ferry_json_set_invalid (error, member, "integer");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        /* Range first: casting a double that does not fit is undefined. */
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
            d != (double) (gint64) d)
          return ferry_json_set_invalid (error, member, "integer");
        *value = (gint64) d;
        break;
      }
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (node);

        if (*s == '\0')
          return TRUE;
        if (!g_ascii_string_to_signed (s, 10, G_MININT64, G_MAXINT64, value, NULL))
          {
            *value = 0;
            return ferry_json_set_invalid (error, member, "integer");
          }
        break;
      }
    default:
      return ferry_json_set_invalid (error, member, "integer");
    }

  *present = TRUE;
  return TRUE;
}

gboolean
ferry_json_get_int64 (JsonObject  *object,
                      const char  *member,
                      gint64       fallback,
                      gint64      *value,
                      GError     **error)
{
  gboolean present;

  if (!read_int64 (object, member, value, &present, error))
    {
      *value = fallback;
      return FALSE;
    }
  if (!present)
    *value = fallback;
  return TRUE;
}

gboolean
ferry_json_get_uint64 (JsonObject  *object,
                       const char  *member,
                       guint64      max,
                       guint64     *value,
                       gboolean    *present,
                       GError     **error)
{
  gboolean found;
  gint64 v;

  *value = 0;
  if (present != NULL)
    *present = FALSE;
  if (!read_int64 (object, member, &v, &found, error))
    return FALSE;
  if (!found)
    return TRUE;
  if (v < 0 || (guint64) v > max)
    return ferry_json_set_invalid (error, member, "out of range");

  *value = (guint64) v;
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

gboolean
ferry_json_get_double (JsonObject  *object,
                       const char  *member,
                       double       fallback,
                       double      *value,
                       GError     **error)
{
  JsonNode *node = get_value (object, member);

  *value = fallback;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return ferry_json_set_invalid (error, member, "number");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (node);
        char *end = NULL;
        double d;

        if (*s == '\0')
          return TRUE;
        errno = 0;
        d = g_ascii_strtod (s, &end);
        if (errno != 0 || end == s || *end != '\0')
          return ferry_json_set_invalid (error, member, "number");
        *value = d;
        return TRUE;
      }
    default:
      return ferry_json_set_invalid (error, member, "number");
    }
}

gboolean
ferry_json_get_finite_double (JsonObject  *object,
                              const char  *member,
                              double       fallback,
                              double      *value,
                              GError     **error)
{
  if (!ferry_json_get_double (object, member, fallback, value, error))
    return FALSE;
  /* "nan" and "inf" parse as numbers; they would poison any sum. */
  if (!isfinite (*value))
    {
      *value = fallback;
      return ferry_json_set_invalid (error, member, "not finite");
    }
  return TRUE;
}

gboolean
ferry_json_get_object (JsonObject  *object,
                       const char  *member,
                       JsonObject **value,
                       GError     **error)
{
  JsonNode *node = get_value (object, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ferry_json_set_invalid (error, member, "object");
  *value = json_node_get_object (node);
  return TRUE;
}

gboolean
ferry_json_require_array (JsonObject  *object,
                          const char  *member,
                          JsonArray  **value,
                          GError     **error)
{
  JsonNode *node = get_value (object, member);

  *value = NULL;
  if (node == NULL)
    return ferry_json_set_invalid (error, member, "missing");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return ferry_json_set_invalid (error, member, "array");
  *value = json_node_get_array (node);
  return TRUE;
}

/* An INVALID_RESPONSE error that says @sentence, with @detail for logs. */
static gboolean
set_refused (GError     **error,
             const char  *detail,
             const char  *sentence)
{
  GError *refusal = ferry_api_error_new (FERRY_API_ERROR_INVALID_RESPONSE, 0, NULL, detail, NULL);

  g_free (refusal->message);
  refusal->message = g_strdup (sentence);
  g_propagate_error (error, refusal);
  return FALSE;
}

gboolean
ferry_json_set_too_large (GError **error)
{
  int mb = FERRY_JSON_MAX_BYTES / (1024 * 1024);
  g_autofree char *sentence = NULL;

  /* Translators: %d is a number of megabytes (32). */
  sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The answer is larger than %d MB, more than Ferry accepts, so Ferry stopped reading it.",
                                           "The answer is larger than %d MB, more than Ferry accepts, so Ferry stopped reading it.",
                                           mb),
                              mb);
  return set_refused (error, "body: larger than the limit", sentence);
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

/* The code unit of the \uXXXX escape at @p (which points at the "\"),
 * or -1 when it is not one. */
static int
escape_unit (const char *p,
             const char *end)
{
  int unit = 0;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (int i = 2; i < 6; i++)
    {
      int v = hex_value (p[i]);

      if (v < 0)
        return -1;
      unit = unit * 16 + v;
    }
  return unit;
}

/* Looks at the whole text once, before any parser recurses into it: how
 * deep it nests, and whether every string escape makes UTF-8. Malformed
 * JSON otherwise passes: the parser says what is wrong with it. */
static gboolean
check_text (const char  *data,
            gsize        size,
            GError     **error)
{
  const char *p = data, *end = data + size;
  gboolean in_string = FALSE;
  guint depth = 0;

  if (!g_utf8_validate_len (data, size, NULL))
    return set_refused (error, "body: not UTF-8",
                        _("The answer contains text that is not valid UTF-8, which Ferry cannot read."));

  for (; p < end; p++)
    {
      if (in_string)
        {
          if (*p == '"')
            in_string = FALSE;
          else if (*p == '\\')
            {
              int unit = escape_unit (p, end);

              /* A surrogate escape must be a high one followed by a low one. */
              if (unit >= 0xdc00 && unit <= 0xdfff)
                goto bad_escape;
              if (unit >= 0xd800 && unit <= 0xdbff)
                {
                  int low = escape_unit (p + 6, end);

                  if (low < 0xdc00 || low > 0xdfff)
                    goto bad_escape;
                  p += 6;
                }
              p += unit >= 0 ? 5 : 1;
            }
          continue;
        }

      switch (*p)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > FERRY_JSON_MAX_DEPTH)
            {
              g_autofree char *sentence = NULL;

              /* Translators: %d is a number of levels (64). */
              sentence = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "The answer is nested more than %d level deep, more than Ferry accepts, so Ferry did not read it.",
                                                       "The answer is nested more than %d levels deep, more than Ferry accepts, so Ferry did not read it.",
                                                       FERRY_JSON_MAX_DEPTH),
                                          FERRY_JSON_MAX_DEPTH);
              return set_refused (error, "body: nested too deeply", sentence);
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;

bad_escape:
  return set_refused (error, "body: a \\u escape that is not UTF-8",
                      _("The answer contains text that is not valid UTF-8, which Ferry cannot read."));
}

JsonNode *
ferry_json_parse (const char  *data,
                  gsize        size,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (data == NULL || size == 0)
    return (ferry_json_set_invalid (error, "body", "empty"), NULL);
  if (size > FERRY_JSON_MAX_BYTES)
    return (ferry_json_set_too_large (error), NULL);
  if (!check_text (data, size, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &parse_error))
    return (ferry_json_set_invalid (error, "body", parse_error->message), NULL);

  return json_parser_steal_root (parser);
}

JsonNode *
ferry_json_parse_object (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize size = 0;

  data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
  root = ferry_json_parse (data, size, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return (ferry_json_set_invalid (error, "body", "object"), NULL);

  return g_steal_pointer (&root);
}

GListStore *
ferry_json_parse_list (JsonObject         *object,
                       const char         *member,
                       GType               item_type,
                       FerryFromJsonFunc   from_json,
                       GError            **error)
{
  g_autoptr(GListStore) store = NULL;
  JsonArray *array;

  if (!ferry_json_require_array (object, member, &array, error))
    return NULL;

  store = g_list_store_new (item_type);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GObject) item = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return (ferry_json_set_invalid (error, member, "array of objects"), NULL);

      item = from_json (json_node_get_object (element), error);
      if (item == NULL)
        return NULL;
      g_list_store_append (store, item);
    }

  return g_steal_pointer (&store);
}

void
ferry_json_add_string (JsonBuilder *builder,
                       const char  *member,
                       const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

void
ferry_json_add_boolean (JsonBuilder *builder,
                        const char  *member,
                        gboolean     value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_boolean_value (builder, value);
}

/* Typed members (see ferry-json.h). */

gboolean
ferry_json_get_text (JsonObject  *object,
                     const char  *member,
                     char       **value,
                     GError     **error)
{
  /* Unlike ferry_json_get_string: a number is not text. */
  return get_text_value (object, member, FALSE, value, error);
}

gboolean
ferry_json_require_text (JsonObject  *object,
                         const char  *member,
                         char       **value,
                         GError     **error)
{
  return require_text_value (object, member, FALSE, value, error);
}

gboolean
ferry_json_require_member_object (JsonObject  *object,
                                  const char  *member,
                                  JsonObject **value,
                                  GError     **error)
{
  if (!ferry_json_get_object (object, member, value, error))
    return FALSE;
  if (*value == NULL)
    return ferry_json_set_invalid (error, member, "missing");
  return TRUE;
}

gboolean
ferry_json_require_uint64 (JsonObject  *object,
                           const char  *member,
                           guint64      max,
                           guint64     *value,
                           GError     **error)
{
  gboolean present;

  if (!ferry_json_get_uint64 (object, member, max, value, &present, error))
    return FALSE;
  if (!present)
    return ferry_json_set_invalid (error, member, "missing");
  return TRUE;
}

gboolean
ferry_json_name_answer (GError     **error,
                        const char  *answer)
{
  const char *detail;
  const char *colon;
  g_autofree char *member = NULL;
  char *sentence;

  if (error == NULL || *error == NULL ||
      !g_error_matches (*error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE))
    return FALSE;

  /* The detail is "<member>: <problem>", as ferry_json_set_invalid writes
   * it; any other detail is not ours to rephrase. */
  detail = ferry_api_error_get_server_message (*error);
  colon = detail != NULL ? g_strstr_len (detail, -1, ": ") : NULL;
  if (colon == NULL || colon == detail)
    return FALSE;
  member = g_strndup (detail, colon - detail);

  if (g_str_equal (colon + 2, "missing") || g_str_equal (colon + 2, "empty"))
    /* Translators: the name of an API answer ("projects", "agency"...),
     * then the name of the member it lacks ("id"). */
    sentence = g_strdup_printf (_("The service’s “%s” answer has no “%s”."), answer, member);
  else
    /* Translators: the name of an API answer ("projects", "agency"...),
     * then the name of one of its members ("name"). */
    sentence = g_strdup_printf (_("In the service’s “%s” answer, “%s” is not valid."),
                                answer, member);

  g_free ((*error)->message);
  (*error)->message = sentence;
  return FALSE;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* Finds code and message in any of the error shapes the services use. */
static gboolean
find_code_and_message (JsonObject  *object,
                       const char **code,
                       const char **message)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  *code = member_string (object, "error_code");
  *message = member_string (object, "error_msg");
  if (*code != NULL)
    return TRUE;

  *code = member_string (object, "code");
  *message = member_string (object, "message");
  if (*code != NULL)
    return TRUE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    if (JSON_NODE_HOLDS_OBJECT (node) &&
        find_code_and_message (json_node_get_object (node), code, message))
      return TRUE;

  *code = NULL;
  *message = NULL;
  return FALSE;
}

GError *
ferry_json_read_error (guint       http_status,
                       GBytes     *body,
                       const char *request_id)
{
  g_autoptr(JsonNode) root = NULL;
  const char *code = NULL;
  const char *message = NULL;
  const char *body_request_id = NULL;
  gsize size = 0;
  const char *data = NULL;

  if (body != NULL)
    data = g_bytes_get_data (body, &size);

  /* Through the same limits as every answer: an error body is no safer. */
  if (data != NULL && size > 0)
    root = ferry_json_parse (data, size, NULL);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      find_code_and_message (object, &code, &message);
      body_request_id = member_string (object, "request_id");
    }

  return ferry_api_error_new_from_answer (http_status, code, message,
                                          request_id != NULL ? request_id : body_request_id);
}
