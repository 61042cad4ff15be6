/* test-soup-restart.c: the libsoup 3.2 restart crash, reproduced on purpose
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libsoup 3.2 (Debian 12: 3.2.3) crashes with a NULL pointer in
 * soup_client_message_io_get_response_stream(), called from
 * run_until_read_done() in soup-session.c, when all of this happens (the
 * full story is the note above restarted_cb() in
 * src/core/ferry-client-message.c):
 *
 *  1. an idempotent request goes out on a kept-alive connection that was
 *     used before, and the server closes it without an answer before
 *     libsoup's first read, so the read fails inside
 *     soup_message_io_run_until_read_async() and GTask reports it from an
 *     idle, later;
 *  2. libsoup restarts the request by itself;
 *  3. another idle connection to the host is in the pool, and the restart
 *     is sent on it before that idle runs;
 *  4. its answer is read at once too; the stale error from step 1 then
 *     ends the message, and the second answer finds no I/O to read from.
 *
 * Timing decides steps 1 and 4 on a real network. Here a server in other
 * threads, with raw sockets, does each step on cue: the client waits in
 * SoupMessage::wrote-body until the server has closed the connection
 * (first attempt) or answered (second attempt), so that libsoup finds the
 * close or the answer already there when it reads.
 *
 * The test sends the request as Ferry's client prepares it and checks that
 * libsoup's restart is answered. To watch libsoup crash, run
 *
 *   _build/tests/integration/test-soup-restart --unprotected
 *
 * which sends the same request without ferry_client_prepare_message(); on
 * libsoup 3.2.3 it ends in SIGSEGV.
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ferry-client-private.h"

#define WAIT_SECONDS 5

typedef struct
{
  GSocket  *listener;
  guint16   port;
  GThread  *accept_thread;
  GMutex    lock;
  GCond     changed;
  guint     connections;   /* accepted */
  guint     warm_answers;  /* GET /warm answered */
  guint     drops;         /* GET /drop answered by closing */
  guint     drop_answers;  /* GET /drop answered */
} Server;

/* Waits, at most WAIT_SECONDS, until *@counter reaches @value. */
static gboolean
server_wait (Server *server,
             guint  *counter,
             guint   value)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  gboolean reached;

  g_mutex_lock (&server->lock);
  while (*counter < value && g_cond_wait_until (&server->changed, &server->lock, deadline))
    ;
  reached = *counter >= value;
  g_mutex_unlock (&server->lock);
  return reached;
}

static void
server_bump (Server *server,
             guint  *counter)
{
  g_mutex_lock (&server->lock);
  (*counter)++;
  g_cond_broadcast (&server->changed);
  g_mutex_unlock (&server->lock);
}

/* The request line's path, once a whole head is in; NULL at the end. */
static char *
read_request (GSocket *socket)
{
  GString *head = g_string_new (NULL);
  char buffer[1024];
  gssize n;

  while (strstr (head->str, "\r\n\r\n") == NULL)
    {
      n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);
      if (n <= 0)
        {
          g_string_free (head, TRUE);
          return NULL;
        }
      g_string_append_len (head, buffer, n);
    }

  {
    g_auto(GStrv) words = g_strsplit (head->str, " ", 3);
    char *path = g_strv_length (words) >= 2 ? g_strdup (words[1]) : g_strdup ("");

    g_string_free (head, TRUE);
    return path;
  }
}

static void
answer_ok (GSocket *socket)
{
  static const char answer[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok";

  g_socket_send (socket, answer, strlen (answer), NULL, NULL);
}

typedef struct
{
  Server  *server;
  GSocket *socket;
} Connection;

static gpointer
connection_thread (gpointer data)
{
  Connection *c = data;
  Server *server = c->server;
  char *path;

  while ((path = read_request (c->socket)) != NULL)
    {
      if (strcmp (path, "/warm") == 0)
        {
          /* Both warm-up requests in flight at once, so that the client
           * opens two connections and keeps both. */
          server_wait (server, &server->connections, 2);
          answer_ok (c->socket);
          server_bump (server, &server->warm_answers);
        }
      else if (strcmp (path, "/drop") == 0 && server->drops == 0)
        {
          /* Step 1: closed without an answer, the request read. */
          g_socket_shutdown (c->socket, TRUE, TRUE, NULL);
          g_socket_close (c->socket, NULL);
          g_free (path);
          server_bump (server, &server->drops);
          break;
        }
      else
        {
          answer_ok (c->socket);
          if (strcmp (path, "/drop") == 0)
            server_bump (server, &server->drop_answers);
        }
      g_free (path);
    }

  g_socket_close (c->socket, NULL);
  g_object_unref (c->socket);
  g_free (c);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  Server *server = data;
  GSocket *socket;

  while ((socket = g_socket_accept (server->listener, NULL, NULL)) != NULL)
    {
      Connection *c = g_new0 (Connection, 1);

      c->server = server;
      c->socket = socket;
      server_bump (server, &server->connections);
      g_thread_unref (g_thread_new ("connection", connection_thread, c));
    }
  return NULL;
}

static void
server_start (Server *server)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&server->lock);
  g_cond_init (&server->changed);
  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                   G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (server->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (server->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (server->listener, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  server->accept_thread = g_thread_new ("accept", accept_thread, server);
}

static void
server_stop (Server *server)
{
  /* Ends the accept; the connection threads end with their connections. */
  g_socket_shutdown (server->listener, TRUE, TRUE, NULL);
  g_socket_close (server->listener, NULL);
  g_thread_join (server->accept_thread);
  g_clear_object (&server->listener);
}

typedef struct
{
  Server *server;
  guint   attempts;
} Cue;

/* Runs between libsoup's write and its first read of each attempt. */
static void
wrote_body_cb (SoupMessage *msg,
               Cue         *cue)
{
  cue->attempts++;
  if (cue->attempts == 1)
    g_assert_true (server_wait (cue->server, &cue->server->drops, 1));
  else
    g_assert_true (server_wait (cue->server, &cue->server->drop_answers, 1));
  /* The close or the answer crosses loopback before libsoup reads. */
  g_usleep (20 * 1000);
}

typedef struct
{
  GInputStream *stream;
  GError       *error;
  gboolean      done;
} Sent;

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Sent *sent = user_data;

  sent->stream = soup_session_send_finish (SOUP_SESSION (source), result, &sent->error);
  sent->done = TRUE;
}

static void
warm_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  guint *left = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  (*left)--;
}

static SoupMessage *
new_message (Server     *server,
             const char *path)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u%s", server->port, path);

  return soup_message_new ("GET", uri);
}

/* Two kept-alive connections, then a GET whose first attempt the server
 * drops: what libsoup does with it. */
static void
run_restart (gboolean protected)
{
  g_autoptr(FerryRegionCatalogue) catalogue = ferry_region_catalogue_new_default (NULL);
  g_autoptr(FerryCredentials) credentials = ferry_credentials_new ("AK", "SK", NULL);
  g_autoptr(FerryClient) client = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Sent sent = { NULL, };
  Server server = { NULL, };
  Cue cue = { &server, 0 };
  SoupSession *session;
  guint left = 2;

  server_start (&server);
  client = ferry_client_new (credentials, "http://127.0.0.1:1/{service}/{region}", catalogue, &error);
  g_assert_no_error (error);
  session = ferry_client_get_session (client);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SoupMessage) warm = new_message (&server, "/warm");

      if (protected)
        ferry_client_prepare_message (warm, FERRY_REQUEST_IDEMPOTENT);
      soup_session_send_and_read_async (session, warm, G_PRIORITY_DEFAULT, NULL, warm_cb, &left);
    }
  while (left > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (server.connections, ==, 2);

  msg = new_message (&server, "/drop");
  if (protected)
    ferry_client_prepare_message (msg, FERRY_REQUEST_IDEMPOTENT);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (wrote_body_cb), &cue);
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &sent);
  while (!sent.done)
    g_main_context_iteration (NULL, TRUE);

  if (!protected)
    {
      /* Step 4: the first attempt's error ended the request, and the
       * second attempt's answer, already read, is still to be delivered. */
      gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

      g_print ("libsoup ended the request with: %s\n",
               sent.error != NULL ? sent.error->message : "an answer");
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      g_clear_object (&sent.stream);
      g_clear_error (&sent.error);
      g_clear_object (&client);
      server_stop (&server);
      return;
    }

  /* libsoup sent it again by itself, and the answer is the second
   * attempt's; the restart went on a connection of its own. */
  g_assert_no_error (sent.error);
  body = g_input_stream_read_bytes (sent.stream, 16, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "ok", 2);
  g_assert_cmpuint (cue.attempts, ==, 2);
  g_assert_cmpuint (server.drops, ==, 1);
  g_assert_cmpuint (server.drop_answers, ==, 1);
  g_assert_cmpuint (server.connections, ==, 3);

  g_input_stream_close (sent.stream, NULL, NULL);
  g_clear_object (&sent.stream);
  g_clear_object (&client);
  server_stop (&server);
}

static void
test_restart_on_new_connection (void)
{
  run_restart (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && strcmp (argv[1], "--unprotected") == 0)
    {
      g_print ("Sending a GET that libsoup restarts, without Ferry's guard...\n");
      run_restart (FALSE);
      g_print ("No crash: this libsoup does not have the bug.\n");
      return 0;
    }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/soup/restart-on-new-connection", test_restart_on_new_connection);
  return g_test_run ();
}
