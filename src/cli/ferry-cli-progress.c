/* ferry-cli-progress.c: following copies for copy --wait, wait and
 * resolve --wait: their progress, bars on a terminal and one line per
 * change otherwise, and what to decide about an unknown outcome
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "ferry-cli-output.h"
#include "ferry-cli-private.h"
#include "ferry-cli-table.h"
#include "ferry-job.h"

static char *
format_elapsed (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

/* The command that settles a copy of unknown outcome. */
char *
ferry_cli_decide_command (FerryCopyTask *task)
{
  g_autofree char *id = g_strndup (ferry_copy_task_get_id (task), 8);

  return g_strdup_printf ("ferryctl resolve %s --look-again | --submit-again", id);
}

/* What was looked for and how to decide, on standard error. What the
 * task file and the service said is made safe to print. */
void
ferry_cli_explain_unknown (FerryCopyQueue *queue,
                           FerryCopyTask  *task)
{
  g_autofree char *search = ferry_copy_queue_dup_search_text (queue, task);
  g_autofree char *command = ferry_cli_decide_command (task);
  g_autofree char *id = g_strndup (ferry_copy_task_get_id (task), 8);

  /* Translators: a task id, the new image's name, then why its outcome is
   * unknown. */
  g_printerr (_("ferryctl: task %s (“%s”): %s\n"), ferry_cli_safe (id),
              ferry_cli_safe (ferry_copy_task_get_name (task)),
              ferry_cli_safe (ferry_copy_task_get_error_sentence (task)));
  if (ferry_copy_task_get_error_message (task) != NULL)
    /* Translators: what became of the copy request, as it was reported. */
    g_printerr (_("  The request: %s\n"), ferry_cli_safe (ferry_copy_task_get_error_message (task)));
  g_printerr ("  %s\n", ferry_cli_safe (search));
  g_printerr ("  %s\n", ferry_cli_safe (ferry_copy_task_get_hint (task)));
  /* Translators: the command that decides a copy of unknown outcome. */
  g_printerr (_("  Decide with: %s\n"), ferry_cli_safe (command));
}

char *
ferry_cli_task_status_text (Watch         *watch,
                            FerryCopyTask *task)
{
  FerryTaskState state = ferry_copy_task_get_state (task);
  const char *label = ferry_copy_task_get_step_label (task);

  switch (state)
    {
    case FERRY_TASK_STATE_QUEUED:
      {
        guint position = ferry_copy_queue_get_position (watch->queue, task);

        /* As the tasks page says it: "1st in line". */
        if (position > 0)
          return ferry_task_format_place (position);
        return g_strdup (label);
      }
    case FERRY_TASK_STATE_FAILED:
      {
        g_autofree char *sentence = g_strdup (ferry_copy_task_get_error_sentence (task));

        if (ferry_copy_task_get_error_code (task) != NULL)
          return g_strdup_printf ("%s: %s (%s)", label, sentence, ferry_copy_task_get_error_code (task));
        return g_strdup_printf ("%s: %s", label, sentence != NULL ? sentence : "");
      }
    case FERRY_TASK_STATE_OUTCOME_UNKNOWN:
      {
        g_autofree char *command = ferry_cli_decide_command (task);

        /* Translators: a task state, then the command that decides it. */
        return g_strdup_printf (_("%s: decide with %s"), label, command);
      }
    case FERRY_TASK_STATE_RUNNING:
      if (ferry_copy_task_get_still_running (task))
        return g_strdup_printf ("%s (%s)", label, _("still running, no news for a while"));
      G_GNUC_FALLTHROUGH;
    case FERRY_TASK_STATE_DONE:
      {
        g_autofree char *tags = ferry_copy_task_describe_tags (task);

        if (tags != NULL)
          return g_strdup_printf ("%s. %s", label, tags);
      }
      return g_strdup (label);
    case FERRY_TASK_STATE_SUBMITTING:
    case FERRY_TASK_STATE_FINISHING:
    case FERRY_TASK_STATE_REMOVED:
    default:
      return g_strdup (label);
    }
}

/* "image → region", made safe to print. */
static char *
task_route (Watch         *watch,
            FerryCopyTask *task)
{
  FerryRegion *to = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (watch->cli),
                                                   ferry_copy_task_get_destination_region (task));
  g_autofree char *route = g_strdup_printf ("%s → %s", ferry_copy_task_get_image_name (task),
                                            to != NULL ? ferry_region_get_name (to)
                                                       : ferry_copy_task_get_destination_region (task));

  return ferry_cli_escape (route);
}

static char *
task_line (Watch         *watch,
           FerryCopyTask *task,
           gboolean       with_bar)
{
  g_autofree char *elapsed = format_elapsed (ferry_copy_task_get_elapsed (task));
  g_autofree char *status = ferry_cli_task_status_text (watch, task);
  g_autofree char *route = task_route (watch, task);
  int percent = (int) (ferry_copy_task_get_fraction (task) * 100 + 0.5);
  GString *line = g_string_new (route);

  /* The bars and percentages in one column, whatever the names: a
   * Chinese character takes two cells. */
  for (gsize width = ferry_cli_display_width (route); width < watch->route_width + 2; width++)
    g_string_append_c (line, ' ');
  if (with_bar)
    {
      int filled = percent / 5;

      g_string_append_c (line, '[');
      for (int i = 0; i < 20; i++)
        g_string_append (line, i < filled ? "#" : "-");
      g_string_append (line, "] ");
    }
  g_string_append_printf (line, "%3d%%  %s  %s", percent, elapsed, ferry_cli_safe (status));
  if (ferry_copy_task_get_current_step (task) != NULL &&
      ferry_copy_task_get_state (task) == FERRY_TASK_STATE_RUNNING)
    {
      /* The step in the user's language, as the app shows it (one table:
       * ferry-job.h). */
      g_autofree char *step = ferry_job_dup_step_text (ferry_copy_task_get_current_step (task));

      if (step != NULL)
        g_string_append_printf (line, "  (%s)", ferry_cli_safe (step));
    }

  return g_string_free (line, FALSE);
}

static void
watch_draw (Watch *watch)
{
  if (watch->terminal)
    {
      GString *screen = g_string_new (NULL);

      /* Back over the last drawing, then each line afresh. */
      if (watch->drawn > 0)
        g_string_append_printf (screen, "\033[%uA", watch->drawn);
      for (guint i = 0; i < watch->tasks->len; i++)
        {
          g_autofree char *line = task_line (watch, g_ptr_array_index (watch->tasks, i), TRUE);

          g_string_append_printf (screen, "\r\033[2K%s\n", line);
        }
      watch->drawn = watch->tasks->len;
      g_print ("%s", screen->str);
      g_string_free (screen, TRUE);
      return;
    }

  for (guint i = 0; i < watch->tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (watch->tasks, i);
      g_autofree char *status = ferry_cli_task_status_text (watch, task);
      g_autofree char *line = NULL;
      g_autofree char *key = NULL;
      g_autoptr(GDateTime) now = NULL;
      g_autofree char *stamp = NULL;

      /* A line when something changes, not when only the clock moves. */
      key = g_strdup_printf ("%d %s %s", (int) (ferry_copy_task_get_fraction (task) * 100 + 0.5),
                             status, ferry_copy_task_get_current_step (task));
      if (g_strcmp0 (g_hash_table_lookup (watch->last_lines, task), key) == 0)
        continue;
      line = task_line (watch, task, FALSE);
      now = g_date_time_new_now_local ();
      stamp = g_date_time_format (now, "%H:%M:%S");
      g_print ("%s %.8s %s\n", stamp, ferry_copy_task_get_id (task), line);
      g_hash_table_insert (watch->last_lines, task, g_steal_pointer (&key));
    }
}

/* Done, failed or removed, or waiting for the user's decision: nothing
 * more happens to it unattended. */
static gboolean
watch_all_settled (Watch *watch)
{
  for (guint i = 0; i < watch->tasks->len; i++)
    {
      FerryTaskState state = ferry_copy_task_get_state (g_ptr_array_index (watch->tasks, i));

      if (!ferry_task_state_is_final (state) && state != FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        return FALSE;
    }
  return TRUE;
}

static void
task_notify_cb (FerryCopyTask *task,
                GParamSpec    *pspec,
                gboolean      *changed)
{
  *changed = TRUE;
}

static gboolean
tick_cb (gpointer user_data)
{
  gboolean *changed = user_data;

  *changed = TRUE;
  return G_SOURCE_CONTINUE;
}

/* Drives the queue until every task of @tasks is done, failed or removed,
 * or of unknown outcome; FERRY_CLI_EXIT_OK when all are done,
 * FERRY_CLI_EXIT_UNKNOWN (after saying what to decide) when an outcome is
 * unknown, FERRY_CLI_EXIT_REFUSED otherwise. */
FerryCliExit
ferry_cli_watch_tasks (FerryCli       *cli,
                       FerryCopyQueue *queue,
                       GPtrArray      *tasks)
{
  Watch watch = { cli, queue, tasks, NULL, isatty (STDOUT_FILENO) && !ferry_cli_get_json (cli), 0, 0 };
  gboolean changed = TRUE;
  gboolean all_done = TRUE;
  gboolean unknown = FALSE;
  guint tick_id;

  watch.last_lines = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (guint i = 0; i < tasks->len; i++)
    {
      g_autofree char *route = task_route (&watch, g_ptr_array_index (tasks, i));

      watch.route_width = MAX (watch.route_width, ferry_cli_display_width (route));
      g_signal_connect (g_ptr_array_index (tasks, i), "notify", G_CALLBACK (task_notify_cb), &changed);
    }
  /* The elapsed time moves on a terminal even when nothing else does. */
  tick_id = g_timeout_add_seconds (1, tick_cb, &changed);

  ferry_copy_queue_run (queue);
  while (!watch_all_settled (&watch))
    {
      if (changed && !ferry_cli_get_json (cli))
        watch_draw (&watch);
      changed = FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  if (!ferry_cli_get_json (cli))
    watch_draw (&watch);

  g_source_remove (tick_id);
  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);
      FerryRegion *to = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (cli),
                                                       ferry_copy_task_get_destination_region (task));

      g_signal_handlers_disconnect_by_func (task, task_notify_cb, &changed);
      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        {
          /* Never a guess: the user decides, and the status says so. */
          ferry_cli_explain_unknown (queue, task);
          unknown = TRUE;
        }
      if (ferry_copy_task_get_state (task) != FERRY_TASK_STATE_DONE)
        all_done = FALSE;
      /* Where the copy is, without --json too. */
      else if (!ferry_cli_get_json (cli) && ferry_copy_task_get_new_image_id (task) != NULL)
        /* Translators: the new image's name, its region, then its id. */
        g_print (_("New image “%s” in %s: %s\n"), ferry_cli_safe (ferry_copy_task_get_name (task)),
                 ferry_cli_safe (to != NULL ? ferry_region_get_name (to)
                                            : ferry_copy_task_get_destination_region (task)),
                 ferry_copy_task_get_new_image_id (task));
    }
  g_hash_table_unref (watch.last_lines);

  /* Let another ferryctl or the app take over what is left. */
  ferry_copy_queue_stop (queue);
  if (unknown)
    return FERRY_CLI_EXIT_UNKNOWN;
  return all_done ? FERRY_CLI_EXIT_OK : FERRY_CLI_EXIT_REFUSED;
}
