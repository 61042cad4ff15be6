/* ferry-sandbox-request.c: requests and answers of FerrySandbox
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "ferry-json.h"
#include "ferry-sandbox-private.h"

/* Requests */

Request *
ferry_sandbox_request_new (FerrySandbox      *self,
                           SoupServerMessage *msg,
                           GHashTable        *query)
{
  Request *req = g_new0 (Request, 1);

  req->self = self;
  req->msg = g_object_ref (msg);
  req->query = query != NULL ? g_hash_table_ref (query) : NULL;
  req->request_id = ferry_sandbox_random_hex_id ();

  return req;
}

void
ferry_sandbox_request_free (Request *req)
{
  ferry_sandbox_request_unschedule (req);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->request_id, g_free);
  g_clear_pointer (&req->segments, g_strfreev);
  g_free (req);
}

const char *
ferry_sandbox_request_query (Request    *req,
                             const char *name)
{
  if (req->query == NULL)
    return NULL;
  return g_hash_table_lookup (req->query, name);
}

const char *
ferry_sandbox_request_param (Request    *req,
                             const char *name)
{
  g_auto(GStrv) parts = g_strsplit (req->route->pattern + 1, "/", -1);
  g_autofree char *wanted = g_strdup_printf ("{%s}", name);

  for (guint i = 0; parts[i] != NULL; i++)
    if (strcmp (parts[i], wanted) == 0)
      return req->segments[2 + i];

  return NULL;
}

const char *
ferry_sandbox_request_method (Request *req)
{
  return soup_server_message_get_method (req->msg);
}

void
ferry_sandbox_request_schedule (Request     *req,
                                guint        delay_ms,
                                GSourceFunc  func)
{
  g_return_if_fail (req->source == NULL);

  /* Not g_timeout_add(): that is the global default context, and the
   * sandbox serves on whichever context was the thread's default. */
  req->source = delay_ms > 0 ? g_timeout_source_new (delay_ms) : g_idle_source_new ();
  /* An idle's own priority is below a GUI's redraws, which can keep it
   * waiting for as long as something animates (an in-app sandbox, a
   * spinner): an answer, or a dropped connection, is due now. */
  g_source_set_priority (req->source, G_PRIORITY_DEFAULT);
  g_source_set_callback (req->source, func, req, NULL);
  g_source_attach (req->source, req->self->context);
}

void
ferry_sandbox_request_unschedule (Request *req)
{
  if (req->source == NULL)
    return;

  g_source_destroy (req->source);
  g_clear_pointer (&req->source, g_source_unref);
}

/* Answers */

void
ferry_sandbox_respond (Request    *req,
                       guint       status,
                       JsonObject *object)
{
  soup_server_message_set_status (req->msg, status, NULL);

  if (object != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
      char *text = json_to_string (node, FALSE);

      json_object_unref (object);
      soup_server_message_set_response (req->msg, FERRY_SANDBOX_JSON_CONTENT_TYPE,
                                        SOUP_MEMORY_TAKE, text, strlen (text));
    }
}

JsonObject *
ferry_sandbox_object_with_array (const char *member,
                                 JsonArray  *array)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, member, array);
  return object;
}

gboolean
ferry_sandbox_gateway_error (Request    *req,
                             guint       status,
                             const char *code,
                             const char *format,
                             ...)
{
  JsonObject *object = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_string_member (object, "error_code", code);
  json_object_set_string_member (object, "error_msg", message);
  json_object_set_string_member (object, "request_id", req->request_id);
  ferry_sandbox_respond (req, status, object);

  return FALSE;
}

void
ferry_sandbox_ims_error (Request    *req,
                         guint       status,
                         const char *code,
                         const char *format,
                         ...)
{
  JsonObject *object = json_object_new ();
  JsonObject *error = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  json_object_set_object_member (object, "error", error);
  ferry_sandbox_respond (req, status, object);
}

void
ferry_sandbox_iam_error (Request    *req,
                         guint       status,
                         const char *code,
                         const char *format,
                         ...)
{
  JsonObject *object = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* The shape of the IAM reference's "返回结果" page (documented):
   * {"error_msg", "error_code"}, as every other IAM page refers to it. */
  json_object_set_string_member (object, "error_msg", message);
  json_object_set_string_member (object, "error_code", code);
  ferry_sandbox_respond (req, status, object);
}

void
ferry_sandbox_flat_error (Request    *req,
                          guint       status,
                          const char *code,
                          const char *format,
                          ...)
{
  JsonObject *object = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  json_object_set_string_member (object, "error_code", code);
  json_object_set_string_member (object, "error_msg", message);
  ferry_sandbox_respond (req, status, object);
}

/* Request bodies */

JsonObject *
ferry_sandbox_parse_body (Request *req)
{
  SoupMessageBody *request_body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (request_body);
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize size;

  /* The same limits as the client's: depth, size and UTF-8. */
  data = g_bytes_get_data (body, &size);
  root = ferry_json_parse (data, size, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

gboolean
ferry_sandbox_get_string (JsonObject  *object,
                          const char  *member,
                          const char **value)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

const char *
ferry_sandbox_get_strings (JsonObject *object,
                           const char *first_member,
                           ...)
{
  const char *member;
  va_list args;

  va_start (args, first_member);
  for (member = first_member; member != NULL; member = va_arg (args, const char *))
    {
      const char **value = va_arg (args, const char **);

      if (!ferry_sandbox_get_string (object, member, value))
        break;
    }
  va_end (args);

  return member;
}
