/* ferry-test-sandbox.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ferry-test-sandbox.h"
#include "ferry-test-wait.h"

FerrySandbox *
ferry_test_sandbox_new_started (const char *first_property,
                                ...)
{
  g_autoptr(GError) error = NULL;
  FerrySandbox *sandbox;
  va_list args;

  va_start (args, first_property);
  sandbox = FERRY_SANDBOX (g_object_new_valist (FERRY_TYPE_SANDBOX, first_property, args));
  va_end (args);
  g_assert_true (ferry_sandbox_start (sandbox, &error));
  g_assert_no_error (error);
  return sandbox;
}

GSubprocess *
ferry_test_sandbox_spawn (const char  *exe,
                          guint        copy_seconds,
                          const char  *state,
                          char       **endpoint)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *seconds = g_strdup_printf ("%u", copy_seconds);
  GSubprocess *sandbox;
  char *line;

  g_assert_nonnull (exe);
  sandbox = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, exe, "--port", "0", "--copy-seconds", seconds,
                              "--state", state, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sandbox));
  *endpoint = NULL;
  while (*endpoint == NULL &&
         (line = g_data_input_stream_read_line (out, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "FERRY_ENDPOINT="))
        *endpoint = g_strdup (line + strlen ("FERRY_ENDPOINT="));
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_nonnull (*endpoint);
  return sandbox;
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
  FerryTestWait wait = { NULL };
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    ferry_test_store_cb, &wait);
  answer = soup_session_send_and_read_finish (session, ferry_test_wait (&wait), &error);
  ferry_test_wait_clear (&wait);
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
