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

gboolean
ferry_json_get_string (JsonObject  *object,
                       const char  *member,
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
      *value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    default:
      return ferry_json_set_invalid (error, member, "string");
    }
}

gboolean
ferry_json_require_string (JsonObject  *object,
                           const char  *member,
                           char       **value,
                           GError     **error)
{
  if (!ferry_json_get_string (object, member, value, error))
    return FALSE;
  /* A string that read as absent but is there can only be "". */
  if (*value == NULL)
    return ferry_json_set_invalid (error, member,
                                   get_value (object, member) != NULL ? "empty" : "missing");
  return TRUE;
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

JsonNode *
ferry_json_parse_object (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) parse_error = NULL;
  const char *data;
  gsize size;

  data = g_bytes_get_data (bytes, &size);
  if (data == NULL || size == 0 ||
      !json_parser_load_from_data (parser, data, size, &parse_error))
    return (ferry_json_set_invalid (error, "body",
                                    parse_error != NULL ? parse_error->message : "empty"), NULL);

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return (ferry_json_set_invalid (error, "body", "object"), NULL);

  return json_parser_steal_root (parser);
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
  JsonNode *node = get_value (object, member);
  const char *s;

  *value = NULL;
  if (node == NULL)
    return TRUE;
  /* Unlike ferry_json_get_string: a number is not text. */
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return ferry_json_set_invalid (error, member, "string");

  s = json_node_get_string (node);
  if (*s != '\0')
    *value = g_strdup (s);
  return TRUE;
}

gboolean
ferry_json_require_text (JsonObject  *object,
                         const char  *member,
                         char       **value,
                         GError     **error)
{
  if (!ferry_json_get_text (object, member, value, error))
    return FALSE;
  if (*value == NULL)
    return ferry_json_set_invalid (error, member,
                                   get_value (object, member) != NULL ? "empty" : "missing");
  return TRUE;
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
