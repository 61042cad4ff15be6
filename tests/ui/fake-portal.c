/* fake-portal.c: org.freedesktop.portal.Desktop with only the Background
 * interface, on the test's private session bus
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A D-Bus peer of its own (its own process and bus name), speaking the
 * portal's documented protocol: RequestBackground (s parent_window,
 * a{sv} options) returns a Request object path derived from the caller's
 * unique name and the "handle_token" option, and the answer comes as the
 * org.freedesktop.portal.Request.Response signal on that path (u response,
 * a{sv} results with "background" and "autostart"), sent to the caller.
 *
 *   fake-portal grant|decline|cancel
 *
 * grant answers 0 with background true (and autostart as asked); decline
 * 0 with both false, as xdg-desktop-portal does when the permission store
 * says no; cancel 1, as for a dismissed dialog. Prints READY once it owns
 * the name, then one line per request, and ends when its stdin does (the
 * test gone, whichever way):
 *   REQUEST parent=<handle> autostart=<0|1> commandline=<a b c> reason=<text>
 */

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <string.h>

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Background'>"
  "    <method name='RequestBackground'>"
  "      <arg type='s' name='parent_window' direction='in'/>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

static const char *answer;
static GMainLoop *loop;

typedef struct
{
  GDBusConnection *connection;
  char            *sender;
  char            *path;
  gboolean         autostart;
} Response;

/* After the method's reply, as the real portal does (the caller has
 * subscribed to the path before calling). */
static gboolean
send_response_cb (gpointer data)
{
  Response *response = data;
  gboolean grant = g_strcmp0 (answer, "grant") == 0;
  GVariantBuilder results;
  g_autoptr(GError) error = NULL;

  g_variant_builder_init (&results, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&results, "{sv}", "background", g_variant_new_boolean (grant));
  g_variant_builder_add (&results, "{sv}", "autostart",
                         g_variant_new_boolean (grant && response->autostart));
  g_dbus_connection_emit_signal (response->connection, response->sender, response->path,
                                 "org.freedesktop.portal.Request", "Response",
                                 g_variant_new ("(ua{sv})",
                                                g_strcmp0 (answer, "cancel") == 0 ? 1u : 0u,
                                                &results),
                                 &error);
  if (error != NULL)
    g_printerr ("fake-portal: %s\n", error->message);
  g_object_unref (response->connection);
  g_free (response->sender);
  g_free (response->path);
  g_free (response);
  return G_SOURCE_REMOVE;
}

static void
method_call_cb (GDBusConnection       *connection,
                const char            *sender,
                const char            *object_path,
                const char            *interface_name,
                const char            *method_name,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  g_autoptr(GVariant) options = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *joined = NULL;
  g_autofree const char **commandline = NULL;
  const char *parent;
  const char *token = "t";
  const char *reason = "";
  Response *response;

  g_variant_get (parameters, "(&s@a{sv})", &parent, &options);
  g_variant_lookup (options, "handle_token", "&s", &token);
  g_variant_lookup (options, "reason", "&s", &reason);
  response = g_new0 (Response, 1);
  g_variant_lookup (options, "autostart", "b", &response->autostart);
  if (g_variant_lookup (options, "commandline", "^a&s", &commandline))
    joined = g_strjoinv (" ", (char **) commandline);

  /* The request's path, as the portal documents it: the caller's unique
   * name without its ':' and with '_' for each '.', then the token. */
  escaped = g_strdup (sender + 1);
  g_strdelimit (escaped, ".", '_');
  response->connection = g_object_ref (connection);
  response->sender = g_strdup (sender);
  response->path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", escaped, token);

  printf ("REQUEST parent=%s autostart=%d commandline=%s reason=%s\n",
          parent, response->autostart, joined != NULL ? joined : "", reason);
  fflush (stdout);

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", response->path));
  g_idle_add (send_response_cb, response);
}

static GVariant *
get_property_cb (GDBusConnection  *connection,
                 const char       *sender,
                 const char       *object_path,
                 const char       *interface_name,
                 const char       *property_name,
                 GError          **error,
                 gpointer          user_data)
{
  return g_variant_new_uint32 (1);
}

static const GDBusInterfaceVTable vtable = { method_call_cb, get_property_cb, NULL };

static void
bus_acquired_cb (GDBusConnection *connection,
                 const char      *name,
                 gpointer         user_data)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection_xml, NULL);
  g_autoptr(GError) error = NULL;

  g_dbus_connection_register_object (connection, "/org/freedesktop/portal/desktop",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  printf ("READY\n");
  fflush (stdout);
}

static void
stdin_read_cb (GObject      *stream,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (stream), result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    g_main_loop_quit (loop);
  else
    g_input_stream_read_bytes_async (G_INPUT_STREAM (stream), 64, G_PRIORITY_DEFAULT, NULL,
                                     stdin_read_cb, NULL);
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  g_printerr ("fake-portal: %s is taken\n", name);
  g_main_loop_quit (loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GInputStream) stdin_stream = NULL;

  if (argc != 2 || !(g_str_equal (argv[1], "grant") || g_str_equal (argv[1], "decline") ||
                     g_str_equal (argv[1], "cancel")))
    {
      g_printerr ("usage: fake-portal grant|decline|cancel\n");
      return 2;
    }
  answer = argv[1];
  loop = g_main_loop_new (NULL, FALSE);
  g_bus_own_name (G_BUS_TYPE_SESSION, "org.freedesktop.portal.Desktop", G_BUS_NAME_OWNER_FLAGS_NONE,
                  bus_acquired_cb, name_acquired_cb, name_lost_cb, NULL, NULL);
  stdin_stream = g_unix_input_stream_new (0, FALSE);
  g_input_stream_read_bytes_async (stdin_stream, 64, G_PRIORITY_DEFAULT, NULL, stdin_read_cb, NULL);
  g_main_loop_run (loop);
  return 0;
}
