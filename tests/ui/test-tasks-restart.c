/* test-tasks-restart.c: copies that outlive the process: two processes in
 * turn against a ferry-sandbox process and one tasks file, then ferryctl
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-copy-queue-private.h"
#include "ferry-images-page-private.h"
#include "ferry-sandbox.h"
#include "ferry-window-private.h"
#include "ferry-test-files.h"
#include "ferry-test-sandbox.h"
#include "ferry-test-ui.h"
#include "test-tasks.h"

/* Restart: two processes in turn, against a ferry-sandbox process and one
 * tasks file; then ferryctl on the same file. */

static void
connect_remote (void)
{
  g_autoptr(FerryCredentials) credentials = ferry_credentials_new (FERRY_SANDBOX_ACCESS_KEY,
                                                                   FERRY_SANDBOX_SECRET_KEY, NULL);

  ferry_window_connect (window, credentials, g_getenv ("FERRY_TEST_REMOTE"), "cn-north-4", "Remote");
  g_assert_true (ferry_test_ui_wait_for (is_images_page, NULL, 15000));
  if (web_id == NULL)
    {
      GListModel *images = ferry_images_page_get_images (ferry_window_get_images_page (window));

      for (guint i = 0; i < g_list_model_get_n_items (images); i++)
        {
          g_autoptr(FerryImage) image = g_list_model_get_item (images, i);

          if (g_strcmp0 (ferry_image_get_name (image), "web-server") == 0)
            web_id = g_strdup (ferry_image_get_id (image));
        }
    }
}

static gboolean
two_running (gpointer data)
{
  return count_state (FERRY_TASK_STATE_RUNNING) == 2;
}

static void
test_tasks_restart_first (void)
{
  if (!g_test_subprocess ())
    return;

  connect_remote ();
  add_copy ("copy_restart_1", "cn-east-2", "ims_administrator_agency");
  add_copy ("copy_restart_2", "cn-north-1", "ims_administrator_agency");
  g_assert_true (ferry_test_ui_wait_for (two_running, NULL, 20000));
  /* The process ends mid-copy (main() closes the window and the queues). */
}

static gboolean
all_done (gpointer data)
{
  return count_state (FERRY_TASK_STATE_DONE) == 2;
}

/* ferryctl on the same sandbox and tasks file; its standard output. */
static char *
run_ferryctl (const char *first,
              ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) ctl = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  va_list args;

  g_subprocess_launcher_setenv (launcher, "FERRY_ENDPOINT", g_getenv ("FERRY_TEST_REMOTE"), TRUE);
  g_subprocess_launcher_setenv (launcher, "HUAWEICLOUD_SDK_AK", FERRY_SANDBOX_ACCESS_KEY, TRUE);
  g_subprocess_launcher_setenv (launcher, "HUAWEICLOUD_SDK_SK", FERRY_SANDBOX_SECRET_KEY, TRUE);
  g_ptr_array_add (argv, (gpointer) g_getenv ("FERRY_CTL_EXE"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  ctl = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (ctl, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (ctl));
  return out;
}

static FerryCopyTask *
find_task (const char *name)
{
  GListModel *model = G_LIST_MODEL (queue ());

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

      if (g_strcmp0 (ferry_copy_task_get_name (task), name) == 0)
        return task;  /* the queue keeps it alive */
    }
  return NULL;
}

static gboolean
shows_ferryctl_copy (gpointer data)
{
  return find_task ("copy_from_ferryctl") != NULL;
}

static gboolean
ferryctl_copy_done (gpointer data)
{
  FerryCopyTask *task = find_task ("copy_from_ferryctl");

  return task != NULL && ferry_copy_task_get_state (task) == FERRY_TASK_STATE_DONE;
}

static void
test_tasks_restart_second (void)
{
  if (!g_test_subprocess ())
    return;

  connect_remote ();
  /* The tasks again, still moving, then finished. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue ())), ==, 2);
  g_assert_cmpuint (count_state (FERRY_TASK_STATE_RUNNING) + count_state (FERRY_TASK_STATE_FINISHING), ==, 2);
  g_assert_cmpuint (ferry_tasks_page_get_n_active (tasks), ==, 2);
  /* The queue polls a running copy every 27 s of its clock: run ten
   * times faster here, so that the ends of these copies (and of
   * ferryctl's below) are seen within seconds instead of half a minute
   * each; what is asserted does not change. */
  ferry_copy_queue_stop (queue ());
  ferry_copy_queue_set_time_scale (queue (), 10.0);
  ferry_copy_queue_run (queue ());
  g_assert_true (ferry_test_ui_wait_for (all_done, NULL, 60000));
  g_assert_cmpuint (ferry_tasks_page_get_n_active (tasks), ==, 0);

  /* The same queue as ferryctl's: it lists what the app did, and the app
   * shows and carries on what it queues. */
  {
    g_autofree char *listed = run_ferryctl ("--json", "tasks", NULL);
    g_autofree char *queued = NULL;

    g_assert_nonnull (strstr (listed, "\"copy_restart_1\""));
    g_assert_nonnull (strstr (listed, "\"copy_restart_2\""));
    g_assert_null (strstr (listed, "\"copy_from_ferryctl\""));

    queued = run_ferryctl ("--json", "--region", "cn-north-4", "copy", web_id, "--to", "cn-south-1",
                           "--agency", "ims_administrator_agency", "--name", "copy_from_ferryctl", NULL);
    g_assert_nonnull (strstr (queued, "\"copy_from_ferryctl\""));
    g_assert_true (ferry_test_ui_wait_for (shows_ferryctl_copy, NULL, 30000));
    g_assert_true (ferry_test_ui_wait_for (ferryctl_copy_done, NULL, 60000));
    g_assert_nonnull (ferry_tasks_page_get_row (tasks, ferry_copy_task_get_id (find_task ("copy_from_ferryctl"))));
  }
}

static void
test_tasks_restart (void)
{
  g_autoptr(GSubprocess) sandbox = NULL;
  g_autofree char *dir = ferry_test_make_tmp_dir ("ferry-test-tasks-XXXXXX");
  g_autofree char *state = g_build_filename (dir, "sandbox.json", NULL);
  g_autofree char *tasks_file = g_build_filename (dir, "tasks.json", NULL);
  g_autofree char *endpoint = NULL;

  sandbox = ferry_test_sandbox_spawn (g_getenv ("FERRY_SANDBOX_EXE"), COPY_SECONDS * 2, state,
                                      &endpoint);
  g_setenv ("FERRY_TEST_REMOTE", endpoint, TRUE);
  g_setenv ("FERRY_TASKS_FILE", tasks_file, TRUE);
  /* The children need no accessibility bus, whose launcher may be gone by
   * now (a failed connection is a critical, fatal in tests). */
  g_setenv ("GTK_A11Y", "none", TRUE);

  g_test_trap_subprocess ("/ui/tasks/restart/subprocess/first", 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_subprocess ("/ui/tasks/restart/subprocess/second", 100 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  g_unsetenv ("FERRY_TASKS_FILE");
  g_unsetenv ("GTK_A11Y");
  g_subprocess_force_exit (sandbox);
  g_subprocess_wait (sandbox, NULL, NULL);
  ferry_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  ferry_test_ui_init (&argc, &argv);
  start_notification_server ();

  app = ferry_test_ui_new_app ();
  window = ferry_test_ui_activate (app);
  tasks = ferry_window_get_tasks_page (window);

  g_test_add_func ("/ui/tasks/restart", test_tasks_restart);
  g_test_add_func ("/ui/tasks/restart/subprocess/first", test_tasks_restart_first);
  g_test_add_func ("/ui/tasks/restart/subprocess/second", test_tasks_restart_second);

  ret = g_test_run ();
  if (window != NULL)
    ferry_test_ui_destroy_and_assert_finalized (GTK_WINDOW (window));
  g_clear_object (&app);
  stop_notification_server ();
  g_free (web_id);
  return ret;
}
