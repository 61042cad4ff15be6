/* test-quit.c: quitting, closing the window and switching account while
 * copies are queued and running, through the application's whole life
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs in a process of its own (g_application_run() runs once
 * per process) as the user runs Ferry: g_application_run(), the window,
 * the sandbox or an account, copies, then Ctrl+Q, the window's close
 * button or the account menu, and the application's shutdown. Warnings
 * and criticals are fatal in tests: a use after free at shutdown fails.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ferry-application.h"
#include "ferry-copy-task-private.h"
#include "ferry-tasks-page.h"
#include "ferry-window.h"
#include "ferry-window-private.h"
#include "ferry-images-page-private.h"
#include "ferry-test-files.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-ui.h"

/* Short copies: a round of five takes a few seconds. */
#define COPY_SECONDS 3

static FerryApplication *app;
/* Ferry as under Flatpak: the Background portal decides. */
static gboolean background_portal;
static void (*script) (void);
static gboolean script_done;
static char *web_id;

static FerryWindow *
main_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (FERRY_IS_WINDOW (window));
  return FERRY_WINDOW (window);
}

static FerryTestUiWatch *window_watch;

static gboolean
run_script_cb (gpointer data)
{
  window_watch = ferry_test_ui_watch (GTK_WIDGET (main_window ()));
  script ();
  script_done = TRUE;
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *application)
{
  static gboolean started;

  /* Later activations (a notification, the background) are Ferry's own. */
  if (started)
    return;
  started = TRUE;
  g_idle_add (run_script_cb, NULL);
}

/* Runs Ferry as main() does, with @func as the user, and returns once
 * g_application_run() did: every window closed, shutdown done. */
static void
run_ferry (void (*func) (void))
{
  int status;

  script = func;
  app = ferry_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  g_object_set (app, "tasks-file", g_getenv (FERRY_ENV_TASKS_FILE), NULL);
  ferry_application_set_background_portal (app, background_portal);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  status = g_application_run (G_APPLICATION (app), 0, NULL);
  g_assert_true (script_done);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  /* Closed is not enough: nothing may hold the window after its end. */
  ferry_test_ui_assert_finalized (g_steal_pointer (&window_watch));
  g_clear_object (&app);
}

static gboolean
is_images_page (gpointer data)
{
  FerryWindow *window = main_window ();
  FerryImagesPage *page = ferry_window_get_images_page (window);

  return g_strcmp0 (ferry_window_get_active_account (window), data) == 0 &&
         g_strcmp0 (ferry_window_get_page (window), "images") == 0 &&
         ferry_window_get_queue (window) != NULL &&
         !ferry_images_page_get_loading (page) &&
         g_strcmp0 (ferry_images_page_get_state (page), FERRY_IMAGES_PAGE_LIST) == 0;
}

static void
wait_images (const char *session)
{
  GListModel *images;

  g_assert_true (ferry_test_ui_wait_for (is_images_page, (gpointer) session, 20000));
  if (web_id != NULL)
    return;
  images = ferry_images_page_get_images (ferry_window_get_images_page (main_window ()));
  for (guint i = 0; i < g_list_model_get_n_items (images); i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (images, i);

      if (g_strcmp0 (ferry_image_get_name (image), "web-server") == 0)
        web_id = g_strdup (ferry_image_get_id (image));
    }
  g_assert_nonnull (web_id);
}

static void
open_sandbox (void)
{
  FerrySandbox *sandbox = ferry_application_ensure_sandbox (app, NULL);

  g_assert_nonnull (sandbox);
  g_object_set (sandbox, "copy-seconds", COPY_SECONDS, NULL);
  gtk_widget_activate_action (GTK_WIDGET (main_window ()), "win.try-sandbox", NULL);
  wait_images (FERRY_WINDOW_SANDBOX);
}

/* @n copies of web-server (cn-north-4) into the window's queue. */
static GPtrArray *
add_copies (guint n)
{
  const char *destinations[] = { "cn-east-2", "cn-north-1", "cn-south-1", "ap-southeast-3" };
  FerryCopyQueue *queue = ferry_window_get_queue (main_window ());
  FerryAccount *account = ferry_copy_queue_get_account (queue);
  GPtrArray *added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      const char *destination = destinations[i % G_N_ELEMENTS (destinations)];
      g_autofree char *name = g_strdup_printf ("copy_quit_%u", i + 1);
      FerryCopyTask *task;

      task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (account),
                                               web_id, "web-server", "cn-north-4",
                                               ferry_project_get_id (ferry_account_get_region_project (account, "cn-north-4")),
                                               destination, destination,
                                               ferry_project_get_id (ferry_account_get_region_project (account, destination)),
                                               name, NULL, "ims_administrator_agency", NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (ferry_copy_queue_add (queue, task, &error));
      g_assert_no_error (error);
      g_ptr_array_add (added, task);
    }
  return added;
}

static guint
count_state (GPtrArray      *tasks,
             FerryTaskState  state)
{
  guint n = 0;

  for (guint i = 0; i < tasks->len; i++)
    if (ferry_copy_task_get_state (g_ptr_array_index (tasks, i)) == state)
      n++;
  return n;
}

/* Five sent to the service, the rest waiting their turn. */
static gboolean
running_and_queued (gpointer data)
{
  GPtrArray *tasks = data;
  guint running = count_state (tasks, FERRY_TASK_STATE_RUNNING);

  return running == MIN (tasks->len, 5) && count_state (tasks, FERRY_TASK_STATE_QUEUED) == tasks->len - running;
}

static void
wait_running_and_queued (GPtrArray *tasks)
{
  if (!ferry_test_ui_wait_for (running_and_queued, tasks, 20000))
    g_error ("%u running, %u queued of %u", count_state (tasks, FERRY_TASK_STATE_RUNNING),
             count_state (tasks, FERRY_TASK_STATE_QUEUED), tasks->len);
}

/* The copies' text of the Quit and close dialogs, as the user reads it. */
static char *
count_text (guint n)
{
  ferry_test_ui_tr (NULL, "%u copy is still queued or running.");
  return g_strdup_printf (ngettext ("%u copy is still queued or running.",
                                    "%u copies are still queued or running.", n), n);
}

static char *
join (const char *first,
      const char *second)
{
  ferry_test_ui_tr ("sentences", "%s %s");
  return g_strdup_printf (C_("sentences", "%s %s"), first, second);
}

static const char *
cloud_fate (guint n)
{
  ferry_test_ui_tr (NULL, "If it has started, it goes on in Huawei Cloud, and Ferry follows it again the next time it starts.");
  return ngettext ("If it has started, it goes on in Huawei Cloud, and Ferry follows it again the next time it starts.",
                   "Those that have started go on in Huawei Cloud, and Ferry follows them all again the next time it starts.",
                   n);
}

static const char *
sandbox_fate (guint n)
{
  ferry_test_ui_tr (NULL, "The sandbox runs inside Ferry: its copy ends when Ferry does.");
  return ngettext ("The sandbox runs inside Ferry: its copy ends when Ferry does.",
                   "The sandbox runs inside Ferry: its copies end when Ferry does.",
                   n);
}

static char *
mixed_fate (guint n_cloud,
            guint n_sandbox)
{
  g_autofree char *cloud = NULL;
  g_autofree char *sandbox = NULL;

  ferry_test_ui_tr (NULL, "%u of them belongs to an account: if it has started, it goes on in Huawei Cloud, and Ferry follows it again the next time it starts.");
  ferry_test_ui_tr (NULL, "The other one, in the sandbox, ends with Ferry.");
  cloud = g_strdup_printf (ngettext ("%u of them belongs to an account: if it has started, it goes on in Huawei Cloud, and Ferry follows it again the next time it starts.",
                                     "%u of them belong to accounts: those that have started go on in Huawei Cloud, and Ferry follows them all again the next time it starts.",
                                     n_cloud), n_cloud);
  sandbox = g_strdup_printf (ngettext ("The other one, in the sandbox, ends with Ferry.",
                                       "The other %u, in the sandbox, end with Ferry.",
                                       n_sandbox), n_sandbox);
  return join (cloud, sandbox);
}

/* Neither the sandbox named for an account's copies, nor Huawei Cloud for
 * the sandbox's. */
static void
assert_mentions (const char *body,
                 gboolean    cloud,
                 gboolean    sandbox)
{
  g_autofree char *folded = g_utf8_casefold (body, -1);
  g_autofree char *sandbox_word = g_utf8_casefold (ferry_test_ui_tr (NULL, "Sandbox"), -1);
  /* The console's name, the same in both languages' texts of Ferry. */
  const char *cloud_word = g_str_has_prefix (g_getenv ("LANGUAGE"), "zh") ? "华为云" : "huawei cloud";

  g_assert_true ((strstr (folded, cloud_word) != NULL) == cloud);
  g_assert_true ((strstr (folded, sandbox_word) != NULL) == sandbox);
}

static AdwMessageDialog *
message_dialog (void)
{
  GtkWindow *dialog = ferry_test_ui_find_window (ADW_TYPE_MESSAGE_DIALOG);

  g_assert_nonnull (dialog);
  ferry_test_ui_wait_drawn (GTK_WIDGET (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

/* Clicks the response button labelled @label, as the user does. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  g_auto(GStrv) parts = g_strsplit (ferry_test_ui_tr (NULL, label), "_", -1);
  /* Shown without the mnemonic's underscore. */
  g_autofree char *shown = g_strjoinv ("", parts);
  GtkWidget *text = ferry_test_ui_find_label (GTK_WIDGET (dialog), shown);
  GtkWidget *button;

  g_assert_nonnull (text);
  button = gtk_widget_get_ancestor (text, GTK_TYPE_BUTTON);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static guint
count_active (GPtrArray *tasks)
{
  guint n = 0;

  for (guint i = 0; tasks != NULL && i < tasks->len; i++)
    if (!ferry_task_state_is_final (ferry_copy_task_get_state (g_ptr_array_index (tasks, i))))
      n++;
  return n;
}

static GPtrArray *sandbox_copies;
static GPtrArray *account_copies;

/* Ctrl+Q; the copies of each kind still going when the dialog was made. */
static AdwMessageDialog *
press_ctrl_q (guint *n_cloud,
              guint *n_sandbox)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>q"));
  gtk_widget_activate_action (GTK_WIDGET (main_window ()), "app.quit", NULL);
  /* Before the main loop runs again: a copy may end meanwhile. */
  *n_cloud = count_active (account_copies);
  *n_sandbox = count_active (sandbox_copies);
  g_assert_cmpuint (ferry_application_get_n_active_copies (app), ==, *n_cloud + *n_sandbox);
  return message_dialog ();
}

static char *
sandbox_tasks_path (void)
{
  g_autofree char *name = g_strdup_printf ("%s-sandbox-tasks-%d.json", APP_ID, (int) getpid ());

  return g_build_filename (g_get_user_runtime_dir (), name, NULL);
}

/* Ctrl+Q in the sandbox, nine copies: five running, four queued. */

static void
quit_sandbox_script (void)
{
  g_autofree char *count = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  guint n_cloud, n_sandbox;

  open_sandbox ();
  sandbox_copies = add_copies (9);
  wait_running_and_queued (sandbox_copies);
  g_assert_true (g_file_test (sandbox_tasks_path (), G_FILE_TEST_EXISTS));

  dialog = press_ctrl_q (&n_cloud, &n_sandbox);
  g_assert_cmpuint (n_cloud, ==, 0);
  count = count_text (n_sandbox);
  body = join (count, sandbox_fate (n_sandbox));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);
  assert_mentions (body, FALSE, TRUE);
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "quit-sandbox");
  click_response (dialog, "_Quit");
}

static void
test_quit_sandbox (void)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 90 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  run_ferry (quit_sandbox_script);
  /* The sandbox's copies end with it, and so does its tasks file. */
  g_assert_false (g_file_test (sandbox_tasks_path (), G_FILE_TEST_EXISTS));
  g_clear_pointer (&sandbox_copies, g_ptr_array_unref);
}

/* The window closed with copies running: Stop Following, then Keep
 * Copying until they are done. */

static void
close_stop_script (void)
{
  g_autofree char *count = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  open_sandbox ();
  sandbox_copies = add_copies (7);
  wait_running_and_queued (sandbox_copies);

  gtk_window_close (GTK_WINDOW (main_window ()));
  dialog = message_dialog ();
  count = count_text (7);
  ferry_test_ui_tr (NULL, "Ferry can keep following it with the window closed and tell you when it is done.");
  keep = join (count, ngettext ("Ferry can keep following it with the window closed and tell you when it is done.",
                                "Ferry can keep following them with the window closed and tell you when they are done.",
                                7));
  body = join (keep, sandbox_fate (7));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);
  assert_mentions (body, FALSE, TRUE);
  click_response (dialog, "_Stop Following");
}

static void
test_close_stop (void)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 90 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  run_ferry (close_stop_script);
  g_assert_false (g_file_test (sandbox_tasks_path (), G_FILE_TEST_EXISTS));
  g_clear_pointer (&sandbox_copies, g_ptr_array_unref);
}

static void
close_keep_script (void)
{
  AdwMessageDialog *dialog;

  open_sandbox ();
  sandbox_copies = add_copies (6);
  wait_running_and_queued (sandbox_copies);

  gtk_window_close (GTK_WINDOW (main_window ()));
  dialog = message_dialog ();
  click_response (dialog, "_Keep Copying");
  g_assert_true (ferry_application_get_in_background (app));
  /* Ferry ends by itself once the last copy did. */
}

static void
test_close_keep (void)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 90 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  run_ferry (close_keep_script);
  g_assert_cmpuint (count_state (sandbox_copies, FERRY_TASK_STATE_DONE), ==, 6);
  g_assert_false (g_file_test (sandbox_tasks_path (), G_FILE_TEST_EXISTS));
  g_clear_pointer (&sandbox_copies, g_ptr_array_unref);
}

/* An account (a ferry-sandbox process: real HTTP, a tasks file of its
 * own), switched to and from with copies running in both. */

/* A ferry-sandbox process of the case's own (its copies never count
 * against another case's five), and a tasks file in a directory of the
 * case's own; the case in a child process; then both gone. */
static void
trap_with_remote (guint seconds)
{
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autofree char *dir = ferry_test_make_tmp_dir ("ferry-test-quit-XXXXXX");
  g_autofree char *state = g_build_filename (dir, "sandbox.json", NULL);
  g_autofree char *tasks_file = g_build_filename (dir, "tasks.json", NULL);
  g_autofree char *endpoint = NULL;

  sandbox = ferry_test_sandbox_spawn (g_getenv ("FERRY_SANDBOX_EXE"), COPY_SECONDS, state,
                                      &endpoint);
  g_setenv ("FERRY_TEST_REMOTE", endpoint, TRUE);
  g_setenv ("FERRY_TASKS_FILE", tasks_file, TRUE);

  g_test_trap_subprocess (NULL, seconds * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);

  g_unsetenv ("FERRY_TASKS_FILE");
  g_unsetenv ("FERRY_TEST_REMOTE");
  g_subprocess_force_exit (sandbox);
  g_subprocess_wait (sandbox, NULL, NULL);
  ferry_test_remove_tree (dir);
  g_test_trap_assert_passed ();
}


static char *account_id;

static void
account_added_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  account_id = ferry_account_store_add_finish (FERRY_ACCOUNT_STORE (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
has_account_id (gpointer data)
{
  return account_id != NULL;
}

static void
add_remote_account (void)
{
  g_autoptr(FerryCredentials) credentials = ferry_credentials_new (FERRY_SANDBOX_ACCESS_KEY,
                                                                   FERRY_SANDBOX_SECRET_KEY, NULL);

  ferry_account_store_add_async (ferry_application_get_account_store (app), "Remote", "cn-north-4",
                                 g_getenv ("FERRY_TEST_REMOTE"), credentials, NULL,
                                 account_added_cb, NULL);
  g_assert_true (ferry_test_ui_wait_for (has_account_id, NULL, 10000));
}

static void
switch_to (const char *session)
{
  gtk_widget_activate_action (GTK_WIDGET (main_window ()), "win.active-account", "s", session);
  wait_images (session);
}

static void
assert_rows (GPtrArray *copies)
{
  FerryTasksPage *tasks = ferry_window_get_tasks_page (main_window ());

  for (guint i = 0; i < copies->len; i++)
    g_assert_nonnull (ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (g_ptr_array_index (copies, i))));
}

static void
quit_account_script (void)
{
  g_autofree char *count = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  guint n_cloud, n_sandbox;

  add_remote_account ();
  switch_to (account_id);
  account_copies = add_copies (7);
  wait_running_and_queued (account_copies);

  dialog = press_ctrl_q (&n_cloud, &n_sandbox);
  g_assert_cmpuint (n_sandbox, ==, 0);
  count = count_text (n_cloud);
  body = join (count, cloud_fate (n_cloud));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);
  assert_mentions (body, TRUE, FALSE);
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "quit-account");
  click_response (dialog, "_Quit");
}

/* The tasks file after Ferry: every copy still there, none given up. */
static void
assert_tasks_kept (GPtrArray *copies)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (g_getenv (FERRY_ENV_TASKS_FILE));
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_task_store_load (store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < copies->len; i++)
    {
      FerryCopyTask *task = ferry_task_store_lookup (store, ferry_copy_task_get_id (g_ptr_array_index (copies, i)));

      g_assert_nonnull (task);
      g_assert_false (ferry_task_state_is_final (ferry_copy_task_get_state (task)));
    }
}

static void
forget_account (void)
{
  g_autoptr(GError) error = NULL;

  secret_password_clear_sync (ferry_account_store_get_secret_schema (), NULL, &error,
                              "account", account_id, NULL);
  g_assert_no_error (error);
  g_clear_pointer (&account_id, g_free);
}

static void
test_quit_account (void)
{
  if (!g_test_subprocess ())
    {
      trap_with_remote (90);
      return;
    }

  run_ferry (quit_account_script);
  /* They go on in the cloud; the next start follows them again. */
  assert_tasks_kept (account_copies);
  g_clear_pointer (&account_copies, g_ptr_array_unref);
  forget_account ();
}

static void
switch_script (void)
{
  g_autofree char *count = NULL;
  g_autofree char *fate = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  guint n_cloud, n_sandbox;

  /* The sandbox's copies go on while the window shows the account. */
  open_sandbox ();
  sandbox_copies = add_copies (8);
  wait_running_and_queued (sandbox_copies);
  add_remote_account ();
  switch_to (account_id);
  account_copies = add_copies (6);
  wait_running_and_queued (account_copies);
  assert_rows (account_copies);

  /* Back and forth, each time with its own copies. */
  switch_to (FERRY_WINDOW_SANDBOX);
  assert_rows (sandbox_copies);
  gtk_widget_activate_action (GTK_WIDGET (main_window ()), "win.show-tasks", NULL);
  ferry_test_ui_wait_drawn (GTK_WIDGET (main_window ()));
  switch_to (account_id);
  assert_rows (account_copies);

  /* Both kinds at once: each sentence of its own copies. */
  dialog = press_ctrl_q (&n_cloud, &n_sandbox);
  g_assert_cmpuint (n_cloud, >, 0);
  g_assert_cmpuint (n_sandbox, >, 0);
  count = count_text (n_cloud + n_sandbox);
  fate = mixed_fate (n_cloud, n_sandbox);
  body = join (count, fate);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, body);
  assert_mentions (body, TRUE, TRUE);
  ferry_test_ui_take_screenshot (GTK_WIDGET (dialog), "quit-both");
  click_response (dialog, "_Quit");
}

static void
test_switch_account (void)
{
  if (!g_test_subprocess ())
    {
      trap_with_remote (120);
      return;
    }

  run_ferry (switch_script);
  g_assert_false (g_file_test (sandbox_tasks_path (), G_FILE_TEST_EXISTS));
  g_clear_pointer (&sandbox_copies, g_ptr_array_unref);
  g_clear_pointer (&account_copies, g_ptr_array_unref);
  forget_account ();
}

/* Under Flatpak: the Background portal, a fake org.freedesktop.portal.Desktop
 * of its own process on the test's session bus (tests/ui/fake-portal.c),
 * grants or declines. */

static GSubprocess *portal;
static GDataInputStream *portal_out;

static void
start_portal (const char *answer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* Its stdin a pipe of ours: it ends with this process, even one that
   * failed. */
  portal = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             g_getenv ("FERRY_FAKE_PORTAL_EXE"), answer, NULL);
  g_assert_no_error (error);
  portal_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (portal));
  line = g_data_input_stream_read_line (portal_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "READY");
  background_portal = TRUE;
}

/* What Ferry asked the portal: the one request's line, once the portal
 * is gone (NULL when Ferry never asked). */
static char *
stop_portal (void)
{
  g_autoptr(GError) error = NULL;
  char *line;

  g_subprocess_force_exit (portal);
  g_subprocess_wait (portal, NULL, NULL);
  line = g_data_input_stream_read_line (portal_out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&portal_out);
  g_clear_object (&portal);
  return line;
}

static void
assert_asked (const char *request)
{
  g_autofree char *expected = NULL;
  g_autofree char *reason = NULL;

  g_assert_nonnull (request);
  reason = g_strdup (ferry_test_ui_tr (NULL, "Ferry follows your image copies with its window closed and tells you when they are done."));
  /* Over Ferry's window (an X11 one under Xvfb), without autostart. */
  g_assert_true (g_str_has_prefix (request, "REQUEST parent=x11:"));
  expected = g_strdup_printf (" autostart=0 commandline= reason=%s", reason);
  g_assert_true (g_str_has_suffix (request, expected));
}

static gboolean
is_in_background (gpointer data)
{
  return ferry_application_get_in_background (app);
}

static void
portal_granted_script (void)
{
  FerryWindow *window;

  open_sandbox ();
  sandbox_copies = add_copies (6);
  wait_running_and_queued (sandbox_copies);
  window = main_window ();

  gtk_window_close (GTK_WINDOW (window));
  click_response (message_dialog (), "_Keep Copying");
  /* The window waits for the portal's answer. */
  g_assert_false (ferry_application_get_in_background (app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (ferry_test_ui_wait_for (is_in_background, NULL, 10000));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpuint (count_active (sandbox_copies), >, 0);
  /* Ferry ends by itself once the last copy did. */
}

static void
test_portal_granted (void)
{
  g_autofree char *request = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 90 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  start_portal ("grant");
  run_ferry (portal_granted_script);
  request = stop_portal ();
  assert_asked (request);
  /* Followed to their end with the window closed. */
  g_assert_cmpuint (count_state (sandbox_copies, FERRY_TASK_STATE_DONE), ==, 6);
  g_clear_pointer (&sandbox_copies, g_ptr_array_unref);
}

typedef struct
{
  const char       *heading;
  AdwMessageDialog *dialog;
} DialogWait;

static gboolean
has_dialog (gpointer data)
{
  DialogWait *wait = data;

  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), wait->heading) == 0)
        {
          wait->dialog = ADW_MESSAGE_DIALOG (window);
          return TRUE;
        }
    }
  return FALSE;
}

static void
portal_declined_script (void)
{
  g_autofree char *body = NULL;
  DialogWait wait = { NULL, NULL };
  guint n;

  add_remote_account ();
  switch_to (account_id);
  account_copies = add_copies (7);
  wait_running_and_queued (account_copies);

  gtk_window_close (GTK_WINDOW (main_window ()));
  click_response (message_dialog (), "_Keep Copying");
  wait.heading = ferry_test_ui_tr (NULL, "Copies Will Be Followed at the Next Start");
  g_assert_true (ferry_test_ui_wait_for (has_dialog, &wait, 10000));
  ferry_test_ui_wait_drawn (GTK_WIDGET (wait.dialog));
  g_assert_false (ferry_application_get_in_background (app));
  n = count_active (account_copies);
  body = join (ferry_test_ui_tr (NULL, "Ferry was not allowed to run in the background."), cloud_fate (n));
  g_assert_cmpstr (adw_message_dialog_get_body (wait.dialog), ==, body);
  assert_mentions (body, TRUE, FALSE);
  ferry_test_ui_take_screenshot (GTK_WIDGET (wait.dialog), "background-declined");
  /* Some still going as Ferry quits, for the file to keep. */
  g_assert_cmpuint (count_active (account_copies), >, 0);
  click_response (wait.dialog, "_Quit");
}

/* Every copy in the file after Ferry; those that were still going when it
 * quit still going there (none given up), whatever ended meanwhile. */
static void
assert_tasks_followed (GPtrArray *copies)
{
  g_autoptr(FerryTaskStore) store = ferry_task_store_new (g_getenv (FERRY_ENV_TASKS_FILE));
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_task_store_load (store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < copies->len; i++)
    {
      FerryCopyTask *copy = g_ptr_array_index (copies, i);
      FerryCopyTask *task = ferry_task_store_lookup (store, ferry_copy_task_get_id (copy));

      g_assert_nonnull (task);
      if (!ferry_task_state_is_final (ferry_copy_task_get_state (copy)))
        g_assert_false (ferry_task_state_is_final (ferry_copy_task_get_state (task)));
    }
}

static void
test_portal_declined (void)
{
  g_autofree char *request = NULL;

  if (!g_test_subprocess ())
    {
      trap_with_remote (90);
      return;
    }

  start_portal ("decline");
  run_ferry (portal_declined_script);
  request = stop_portal ();
  assert_asked (request);
  /* Ferry quit; the copies go on in the cloud, and the file keeps them
   * for the next start. */
  assert_tasks_followed (account_copies);
  g_clear_pointer (&account_copies, g_ptr_array_unref);
  forget_account ();
}

int
main (int   argc,
      char *argv[])
{
  ferry_test_ui_init (&argc, &argv);
  /* The children need no accessibility bus, whose launcher may be gone by
   * then (a failed connection is a critical, fatal here). */
  if (!g_test_subprocess ())
    g_setenv ("GTK_A11Y", "none", TRUE);

  g_test_add_func ("/ui/quit/sandbox", test_quit_sandbox);
  g_test_add_func ("/ui/quit/close-stop", test_close_stop);
  g_test_add_func ("/ui/quit/close-keep", test_close_keep);
  g_test_add_func ("/ui/quit/account", test_quit_account);
  g_test_add_func ("/ui/quit/switch-account", test_switch_account);
  g_test_add_func ("/ui/quit/portal-granted", test_portal_granted);
  g_test_add_func ("/ui/quit/portal-declined", test_portal_declined);

  return g_test_run ();
}
