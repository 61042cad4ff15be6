/* ferry-test-sandbox.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ferry-test-sandbox.h"

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

JsonNode *
ferry_test_sandbox_control (FerrySandbox *sandbox,
                            const char   *method,
                            const char   *route,
                            const char   *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *base = ferry_sandbox_dup_base_uri (sandbox);
  g_autofree char *uri = g_strconcat (base, route, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  answer = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                             g_bytes_get_size (answer), NULL));
  return json_node_copy (json_parser_get_root (parser));
}

gint64
ferry_test_sandbox_stat (FerrySandbox *sandbox,
                         const char   *member)
{
  g_autoptr(JsonNode) stats = ferry_test_sandbox_control (sandbox, "GET", "/_sandbox/stats", NULL);

  return json_object_get_int_member (json_node_get_object (stats), member);
}

gint64
ferry_test_sandbox_route_count (FerrySandbox *sandbox,
                                const char   *route)
{
  g_autoptr(JsonNode) stats = ferry_test_sandbox_control (sandbox, "GET", "/_sandbox/stats", NULL);
  JsonObject *requests = json_object_get_object_member (json_node_get_object (stats), "requests");

  return json_object_has_member (requests, route) ? json_object_get_int_member (requests, route) : 0;
}

void
ferry_test_sandbox_advance_clock (FerrySandbox *sandbox,
                                  guint         seconds)
{
  g_autofree char *body = g_strdup_printf ("{\"advance_seconds\": %u}", seconds);
  g_autoptr(JsonNode) answer = ferry_test_sandbox_control (sandbox, "POST", "/_sandbox/clock", body);
}
