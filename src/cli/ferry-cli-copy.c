/* ferry-cli-copy.c: ferryctl check, copy, tasks, wait, remove
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "ferry-cbr.h"
#include "ferry-cli-output.h"
#include "ferry-cli-private.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-ims.h"
#include "ferry-rules.h"

/* The options of check and copy (check has no --name, --description or
 * --wait). */
typedef struct
{
  char     *to;
  char     *agency_name;
  char     *vault_id;
  char     *name;
  char     *description;
  gboolean  wait;
} CopyOptions;

static CopyOptions *
add_check_entries (GOptionContext *context)
{
  CopyOptions *o = g_new0 (CopyOptions, 1);
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &o->to,
      N_("The destination regions, separated by commas"), N_("REGION,…") },
    { "agency", 0, 0, G_OPTION_ARG_STRING, &o->agency_name,
      N_("The IMS agency the copy runs with"), N_("NAME") },
    { "vault", 0, 0, G_OPTION_ARG_STRING, &o->vault_id,
      N_("The replication vault for a whole image made from a cloud backup"), N_("ID") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return o;
}

static gpointer
check_options_new (GOptionContext *context)
{
  return add_check_entries (context);
}

static gpointer
copy_options_new (GOptionContext *context)
{
  CopyOptions *o = add_check_entries (context);
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->name,
      N_("The new image’s name (default: copy_<source region>_<image name>)"), N_("NAME") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &o->description,
      N_("The new image’s description"), N_("TEXT") },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &o->wait,
      N_("Follow the copies until they finish"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return o;
}

static void
copy_options_free (gpointer options)
{
  CopyOptions *o = options;

  g_free (o->to);
  g_free (o->agency_name);
  g_free (o->vault_id);
  g_free (o->name);
  g_free (o->description);
  g_free (o);
}

/* check */

static FerryImage *
get_image (FerryCli    *cli,
           const char  *region,
           const char  *image_id,
           GError     **error)
{
  FerryProject *project = ferry_cli_region_project (cli, region, error);

  if (project == NULL)
    return NULL;
  ferry_ims_get_image_async (ferry_cli_get_client (cli), region, ferry_project_get_id (project), image_id,
                             NULL, ferry_cli_store_result_cb, cli);
  return ferry_ims_get_image_finish (ferry_cli_get_client (cli), ferry_cli_wait (cli), error);
}

/* The agency's grant in one region, or FALSE with @error. */
static gboolean
check_grant (FerryCli    *cli,
             FerryAgency *agency,
             const char  *region,
             FerryGrant  *grant,
             GError     **error)
{
  const char *regions[] = { region, NULL };
  g_autofree FerryGrant *grants = ferry_cli_check_grants (cli, agency, regions, error);

  if (grants == NULL)
    return FALSE;
  *grant = grants[0];
  return TRUE;
}

/* The vault @vault_id of the account's project in @region, looked up by
 * id whatever its kind, so that the rules can say why it does not fit;
 * NULL without an error when the region has no such vault. */
static FerryVault *
find_vault (FerryCli    *cli,
            const char  *region,
            const char  *vault_id,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  FerryVault *vault;
  FerryProject *project = ferry_cli_region_project (cli, region, error);

  if (project == NULL)
    return NULL;
  ferry_cbr_get_vault_async (ferry_cli_get_client (cli), region, ferry_project_get_id (project), vault_id, NULL,
                             ferry_cli_store_result_cb, cli);
  vault = ferry_cbr_get_vault_finish (ferry_cli_get_client (cli), ferry_cli_wait (cli), &local_error);
  if (vault == NULL &&
      !g_error_matches (local_error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return vault;
}

/* What every destination of one image shares: the image, and the agency
 * with its grant in the source region when one was named. */
typedef struct
{
  FerryImage  *image;
  FerryRegion *source;
  FerryAgency *agency;
  FerryGrant   source_grant;
  GStrv        destinations;
} Plan;

static void
plan_clear (Plan *plan)
{
  g_clear_object (&plan->image);
  g_clear_object (&plan->agency);
  g_clear_pointer (&plan->destinations, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

/* FERRY_CLI_EXIT_OK, or the exit status after saying what is wrong. */
static FerryCliExit
prepare_plan (FerryCli    *cli,
              CopyOptions *o,
              const char  *image_id,
              Plan        *plan)
{
  g_autoptr(GError) error = NULL;

  if (o->to == NULL || *o->to == '\0')
    return ferry_cli_usage_error (_("Say where to with --to REGION[,REGION…]."));
  plan->destinations = g_strsplit (o->to, ",", -1);
  for (guint i = 0; plan->destinations[i] != NULL; i++)
    if (!ferry_cli_is_known_region (cli, plan->destinations[i]))
      return FERRY_CLI_EXIT_USAGE;
  plan->source = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (cli), ferry_cli_get_region (cli));
  plan->source_grant = FERRY_GRANT_UNKNOWN;

  plan->image = get_image (cli, ferry_cli_get_region (cli), image_id, &error);
  if (plan->image == NULL)
    return ferry_cli_fail (cli, error);

  if (o->agency_name != NULL)
    {
      if ((plan->agency = ferry_cli_find_agency (cli, o->agency_name, &error)) == NULL ||
          !check_grant (cli, plan->agency, ferry_cli_get_region (cli), &plan->source_grant, &error))
        return ferry_cli_fail (cli, error);
    }

  return FERRY_CLI_EXIT_OK;
}

/* Every rule a copy to @destination breaks (FerryViolation), or NULL with
 * @error when the facts could not be learned. Without an agency only the
 * image and the regions are judged. */
static GPtrArray *
evaluate_destination (FerryCli    *cli,
                      CopyOptions *o,
                      const Plan  *plan,
                      const char  *destination,
                      guint        copies_in_flight,
                      GError     **error)
{
  g_autoptr(FerryVault) vault = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  GPtrArray *kept;
  FerryProject *destination_project = ferry_account_get_region_project (ferry_cli_get_account (cli), destination);
  FerryProject *source_project = ferry_account_get_region_project (ferry_cli_get_account (cli), ferry_cli_get_region (cli));
  FerryCopyFacts facts = {
    .image = plan->image,
    .source = plan->source,
    .project_id = source_project != NULL ? ferry_project_get_id (source_project) : NULL,
    .destination = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (cli), destination),
    .destination_project_id = destination_project != NULL ? ferry_project_get_id (destination_project) : NULL,
    .agency = plan->agency,
    .source_grant = plan->source_grant,
    .destination_grant = FERRY_GRANT_UNKNOWN,
    .copies_in_flight = copies_in_flight,
  };

  if (plan->agency != NULL &&
      !check_grant (cli, plan->agency, destination, &facts.destination_grant, error))
    return NULL;

  if (o->vault_id != NULL && ferry_rules_needs_vault (plan->image))
    {
      vault = find_vault (cli, destination, o->vault_id, error);
      if (vault == NULL && error != NULL && *error != NULL)
        return NULL;
      facts.vault = vault;
      /* An id that names no vault there is a vault chosen elsewhere. */
      if (vault == NULL)
        facts.vault_id = o->vault_id;
    }

  violations = ferry_rules_check_request (&facts);
  kept = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < violations->len; i++)
    {
      FerryViolation *v = g_ptr_array_index (violations, i);

      if (plan->agency == NULL && ferry_violation_get_rule (v) == FERRY_RULE_AGENCY_MISSING)
        continue;
      g_ptr_array_add (kept, g_object_ref (v));
    }
  return kept;
}

static char *
describe_violations (GPtrArray *violations)
{
  GString *line = g_string_new (NULL);

  for (guint j = 0; j < violations->len; j++)
    {
      FerryViolation *v = g_ptr_array_index (violations, j);

      g_string_append_printf (line, "%s %s [%s, %s]", j == 0 ? "" : ";",
                              ferry_violation_get_message (v), ferry_violation_get_code (v),
                              ferry_violation_get_server_code (v));
    }
  return g_string_free (line, FALSE);
}

static FerryCliExit
command_check (FerryCli *cli,
               gpointer  options,
               char    **args)
{
  CopyOptions *o = options;
  g_auto(Plan) plan = { 0 };
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gboolean all_allowed = TRUE;
  FerryCliExit status;

  if ((status = prepare_plan (cli, o, args[0], &plan)) != FERRY_CLI_EXIT_OK)
    return status;
  queue = ferry_cli_open_queue (cli);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "image");
  json_builder_add_string_value (b, ferry_image_get_id (plan.image));
  json_builder_set_member_name (b, "source_region");
  json_builder_add_string_value (b, ferry_cli_get_region (cli));
  json_builder_set_member_name (b, "destinations");
  json_builder_begin_array (b);

  for (guint i = 0; plan.destinations[i] != NULL; i++)
    {
      const char *region = plan.destinations[i];
      FerryRegion *destination = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (cli), region);
      g_autoptr(GPtrArray) violations = NULL;
      g_autofree char *reasons = NULL;

      violations = evaluate_destination (cli, o, &plan, region,
                                         ferry_copy_queue_get_n_in_flight (queue), &error);
      if (violations == NULL)
        return ferry_cli_fail (cli, error);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, region);
      json_builder_set_member_name (b, "allowed");
      json_builder_add_boolean_value (b, violations->len == 0);
      json_builder_set_member_name (b, "violations");
      json_builder_begin_array (b);
      for (guint j = 0; j < violations->len; j++)
        {
          FerryViolation *v = g_ptr_array_index (violations, j);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "code");
          json_builder_add_string_value (b, ferry_violation_get_code (v));
          json_builder_set_member_name (b, "server_code");
          json_builder_add_string_value (b, ferry_violation_get_server_code (v));
          json_builder_set_member_name (b, "message");
          json_builder_add_string_value (b, ferry_violation_get_message (v));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);

      if (violations->len > 0)
        all_allowed = FALSE;
      if (ferry_cli_get_json (cli))
        continue;
      reasons = describe_violations (violations);
      if (violations->len == 0)
        /* Translators: a destination region id, then its name. */
        g_print (_("%s (%s): allowed\n"), region, ferry_region_get_name (destination));
      else
        /* Translators: a region id, its name, then every reason. */
        g_print (_("%s (%s): refused:%s\n"), region, ferry_region_get_name (destination), reasons);
    }

  json_builder_end_array (b);
  json_builder_end_object (b);
  if (ferry_cli_get_json (cli))
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);

      ferry_cli_print_json (root);
    }
  else if (plan.agency == NULL)
    g_print ("%s\n", _("The agency was not checked: name one with --agency to check its permissions too."));

  return all_allowed ? FERRY_CLI_EXIT_OK : FERRY_CLI_EXIT_REFUSED;
}

/* Progress of copies: bars on a terminal, one line per change otherwise. */

typedef struct
{
  FerryCli       *cli;
  FerryCopyQueue *queue;
  GPtrArray      *tasks;       /* FerryCopyTask being waited for */
  GHashTable     *last_lines;  /* task → what its last line said, off a terminal */
  gboolean        terminal;
  guint           drawn;       /* lines drawn last time, on a terminal */
} Watch;

static char *
format_elapsed (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static char *
task_status_text (Watch         *watch,
                  FerryCopyTask *task)
{
  FerryTaskState state = ferry_copy_task_get_state (task);
  const char *label = ferry_task_state_to_label (state);

  switch (state)
    {
    case FERRY_TASK_STATE_QUEUED:
      {
        guint position = ferry_copy_queue_get_position (watch->queue, task);

        if (position > 0)
          /* Translators: a task state, then its place among the waiting copies. */
          return g_strdup_printf (_("%s, %u in line"), label, position);
        return g_strdup (label);
      }
    case FERRY_TASK_STATE_FAILED:
      {
        g_autofree char *sentence = g_strdup (ferry_copy_task_get_error_sentence (task));

        if (ferry_copy_task_get_error_code (task) != NULL)
          return g_strdup_printf ("%s: %s (%s)", label, sentence, ferry_copy_task_get_error_code (task));
        return g_strdup_printf ("%s: %s", label, sentence != NULL ? sentence : "");
      }
    case FERRY_TASK_STATE_RUNNING:
      if (ferry_copy_task_get_still_running (task))
        return g_strdup_printf ("%s (%s)", label, _("still running, no news for a while"));
      G_GNUC_FALLTHROUGH;
    case FERRY_TASK_STATE_SUBMITTING:
    case FERRY_TASK_STATE_FINISHING:
    case FERRY_TASK_STATE_DONE:
    case FERRY_TASK_STATE_REMOVED:
    default:
      return g_strdup (label);
    }
}

static char *
task_line (Watch         *watch,
           FerryCopyTask *task,
           gboolean       with_bar)
{
  g_autofree char *elapsed = format_elapsed (ferry_copy_task_get_elapsed (task));
  g_autofree char *status = task_status_text (watch, task);
  FerryRegion *to = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (watch->cli),
                                                   ferry_copy_task_get_destination_region (task));
  int percent = (int) (ferry_copy_task_get_fraction (task) * 100 + 0.5);
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%s → %s  ", ferry_copy_task_get_image_name (task),
                          to != NULL ? ferry_region_get_name (to)
                                     : ferry_copy_task_get_destination_region (task));
  if (with_bar)
    {
      int filled = percent / 5;

      g_string_append_c (line, '[');
      for (int i = 0; i < 20; i++)
        g_string_append (line, i < filled ? "#" : "-");
      g_string_append (line, "] ");
    }
  g_string_append_printf (line, "%3d%%  %s  %s", percent, elapsed, status);
  if (ferry_copy_task_get_current_step (task) != NULL &&
      ferry_copy_task_get_state (task) == FERRY_TASK_STATE_RUNNING)
    g_string_append_printf (line, "  (%s)", ferry_copy_task_get_current_step (task));

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
      g_autofree char *status = task_status_text (watch, task);
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

static gboolean
watch_all_final (Watch *watch)
{
  for (guint i = 0; i < watch->tasks->len; i++)
    if (!ferry_task_state_is_final (ferry_copy_task_get_state (g_ptr_array_index (watch->tasks, i))))
      return FALSE;
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

/* Drives the queue until every task of @tasks is done, failed or removed;
 * FERRY_CLI_EXIT_OK when all are done. */
static FerryCliExit
watch_tasks (FerryCli       *cli,
             FerryCopyQueue *queue,
             GPtrArray      *tasks)
{
  Watch watch = { cli, queue, tasks, NULL, isatty (STDOUT_FILENO) && !ferry_cli_get_json (cli), 0 };
  gboolean changed = TRUE;
  gboolean all_done = TRUE;
  guint tick_id;

  watch.last_lines = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (guint i = 0; i < tasks->len; i++)
    g_signal_connect (g_ptr_array_index (tasks, i), "notify", G_CALLBACK (task_notify_cb), &changed);
  /* The elapsed time moves on a terminal even when nothing else does. */
  tick_id = g_timeout_add_seconds (1, tick_cb, &changed);

  ferry_copy_queue_run (queue);
  while (!watch_all_final (&watch))
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

      g_signal_handlers_disconnect_by_func (task, task_notify_cb, &changed);
      if (ferry_copy_task_get_state (task) != FERRY_TASK_STATE_DONE)
        all_done = FALSE;
    }
  g_hash_table_unref (watch.last_lines);

  /* Let another ferryctl or the app take over what is left. */
  ferry_copy_queue_stop (queue);
  return all_done ? FERRY_CLI_EXIT_OK : FERRY_CLI_EXIT_REFUSED;
}

static void
print_tasks_json (GPtrArray *tasks)
{
  g_autoptr(GListStore) store = g_list_store_new (FERRY_TYPE_COPY_TASK);

  for (guint i = 0; i < tasks->len; i++)
    g_list_store_append (store, g_ptr_array_index (tasks, i));
  ferry_cli_print_list_json ("tasks", NULL, G_LIST_MODEL (store), (gpointer) ferry_copy_task_serialize);
}

static FerryCliExit
command_copy (FerryCli *cli,
              gpointer  options,
              char    **args)
{
  CopyOptions *o = options;
  g_auto(Plan) plan = { 0 };
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *why = NULL;
  gboolean refused = FALSE;
  FerryProject *source_project;
  FerryCliExit status;

  if (o->agency_name == NULL)
    return ferry_cli_usage_error (_("Name the IMS agency the copy runs with: --agency NAME."));
  if ((status = prepare_plan (cli, o, args[0], &plan)) != FERRY_CLI_EXIT_OK)
    return status;

  name = o->name != NULL
    ? g_strdup (o->name)
    : ferry_rules_default_copy_name (plan.source, ferry_image_get_name (plan.image));
  if ((why = ferry_rules_check_name (name)) != NULL ||
      (why = ferry_rules_check_description (o->description)) != NULL)
    return ferry_cli_usage_error (why);

  queue = ferry_cli_open_queue (cli);
  source_project = ferry_account_get_region_project (ferry_cli_get_account (cli), ferry_cli_get_region (cli));

  for (guint i = 0; plan.destinations[i] != NULL; i++)
    {
      const char *region = plan.destinations[i];
      FerryProject *destination_project = ferry_account_get_region_project (ferry_cli_get_account (cli), region);
      g_autoptr(GPtrArray) violations = NULL;
      g_autoptr(FerryCopyTask) task = NULL;
      gboolean blocking = FALSE;

      /* Refused up front what the service would refuse; the limit of five
       * is no refusal here: the queue waits for a free place. */
      violations = evaluate_destination (cli, o, &plan, region, 0, &error);
      if (violations == NULL)
        return ferry_cli_fail (cli, error);
      for (guint j = 0; j < violations->len; j++)
        if (ferry_violation_get_rule (g_ptr_array_index (violations, j)) != FERRY_RULE_CONCURRENCY)
          blocking = TRUE;
      if (blocking)
        {
          g_autofree char *reasons = describe_violations (violations);
          FerryRegion *destination = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (cli), region);

          g_printerr (_("%s (%s): refused:%s\n"), region, ferry_region_get_name (destination), reasons);
          refused = TRUE;
          continue;
        }

      task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (ferry_cli_get_account (cli)),
                                               ferry_image_get_id (plan.image),
                                               ferry_image_get_name (plan.image),
                                               ferry_cli_get_region (cli),
                                               ferry_project_get_id (source_project),
                                               region,
                                               ferry_project_get_name (destination_project),
                                               ferry_project_get_id (destination_project),
                                               name,
                                               o->description,
                                               o->agency_name,
                                               ferry_rules_needs_vault (plan.image) ? o->vault_id : NULL);
      ferry_copy_queue_add (queue, task);
      g_ptr_array_add (added, g_object_ref (task));
      if (!ferry_cli_get_json (cli))
        /* Translators: the copy's name, the destination region, the task id. */
        g_print (_("Queued “%s” for %s (task %s).\n"), name,
                 ferry_region_get_name (ferry_region_catalogue_lookup (ferry_cli_get_catalogue (cli), region)),
                 ferry_copy_task_get_id (task));
    }

  if (o->wait && added->len > 0)
    {
      status = watch_tasks (cli, queue, added);
      if (status != FERRY_CLI_EXIT_OK)
        refused = TRUE;
    }
  else if (!ferry_cli_get_json (cli) && added->len > 0)
    g_print ("%s\n", _("The copies will be carried on by the next “ferryctl wait” or by Ferry."));

  if (ferry_cli_get_json (cli))
    print_tasks_json (added);

  return refused ? FERRY_CLI_EXIT_REFUSED : FERRY_CLI_EXIT_OK;
}

static FerryCliExit
command_tasks (FerryCli *cli,
               gpointer  options,
               char    **args)
{
  g_autoptr(FerryCopyQueue) queue = ferry_cli_open_queue (cli);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FerryCliTable) table = NULL;
  GListModel *model = G_LIST_MODEL (queue);
  Watch watch = { cli, queue, tasks, NULL, FALSE, 0 };

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (tasks, g_list_model_get_item (model, i));

  if (ferry_cli_get_json (cli))
    {
      print_tasks_json (tasks);
      return FERRY_CLI_EXIT_OK;
    }

  table = ferry_cli_table_new (6, _("TASK"), _("IMAGE"), _("FROM"), _("TO"), _("PROGRESS"),
                               _("STATE"));
  for (guint i = 0; i < tasks->len; i++)
    {
      FerryCopyTask *task = g_ptr_array_index (tasks, i);
      g_autofree char *id = g_strndup (ferry_copy_task_get_id (task), 8);
      g_autofree char *progress = g_strdup_printf ("%d%%", (int) (ferry_copy_task_get_fraction (task) * 100 + 0.5));
      g_autofree char *state = task_status_text (&watch, task);

      ferry_cli_table_add_row (table, id, ferry_copy_task_get_image_name (task),
                               ferry_copy_task_get_source_region (task),
                               ferry_copy_task_get_destination_region (task),
                               progress, state);
    }
  ferry_cli_print_table (table);
  return FERRY_CLI_EXIT_OK;
}

static FerryCopyTask *
lookup_task (FerryCopyQueue *queue,
             const char     *id)
{
  GListModel *model = G_LIST_MODEL (queue);
  FerryCopyTask *found = NULL;

  /* The first characters of an id are enough when they are unique. */
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

      if (g_str_has_prefix (ferry_copy_task_get_id (task), id))
        {
          if (found != NULL)
            return NULL;
          found = task;
        }
    }
  return found;
}

static FerryCliExit
command_wait (FerryCli *cli,
              gpointer  options,
              char    **args)
{
  g_autoptr(FerryCopyQueue) queue = ferry_cli_open_queue (cli);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model = G_LIST_MODEL (queue);
  FerryCliExit status;

  if (args[0] == NULL)
    {
      /* All unfinished copies of this account. */
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(FerryCopyTask) task = g_list_model_get_item (model, i);

          if (!ferry_task_state_is_final (ferry_copy_task_get_state (task)) &&
              g_strcmp0 (ferry_copy_task_get_domain_id (task),
                         ferry_account_get_domain_id (ferry_cli_get_account (cli))) == 0)
            g_ptr_array_add (tasks, g_steal_pointer (&task));
        }
    }
  for (guint i = 0; args[i] != NULL; i++)
    {
      FerryCopyTask *task = lookup_task (queue, args[i]);

      if (task == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("No single task has an id starting with “%s”."), args[i]);

          return ferry_cli_usage_error (message);
        }
      g_ptr_array_add (tasks, g_object_ref (task));
    }

  if (tasks->len == 0)
    {
      if (!ferry_cli_get_json (cli))
        g_print ("%s\n", _("No copy is waiting or running."));
      else
        print_tasks_json (tasks);
      return FERRY_CLI_EXIT_OK;
    }

  status = watch_tasks (cli, queue, tasks);
  if (ferry_cli_get_json (cli))
    print_tasks_json (tasks);
  return status;
}

static FerryCliExit
command_remove (FerryCli *cli,
                gpointer  options,
                char    **args)
{
  g_autoptr(FerryCopyQueue) queue = ferry_cli_open_queue (cli);
  g_autoptr(GError) error = NULL;
  FerryCopyTask *task = lookup_task (queue, args[0]);

  if (task == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No single task has an id starting with “%s”."), args[0]);

      return ferry_cli_usage_error (message);
    }
  if (!ferry_copy_queue_remove (queue, ferry_copy_task_get_id (task), &error))
    {
      g_printerr ("ferryctl: %s\n", error->message);
      return FERRY_CLI_EXIT_REFUSED;
    }
  if (!ferry_cli_get_json (cli))
    g_print (_("Removed task %s.\n"), ferry_copy_task_get_id (task));
  return FERRY_CLI_EXIT_OK;
}

const FerryCliCommand ferry_cli_copy_commands[] = {
  { "check", "IMAGE_ID --to REGION[,REGION…]",
    N_("say whether an image of --region may be copied to each region, and why not"),
    FERRY_CLI_ARGS_IMAGE, check_options_new, copy_options_free, command_check },
  { "copy", "IMAGE_ID --to REGION[,REGION…] --agency NAME [--wait]",
    N_("queue one copy per region; five run at a time, the rest wait"),
    FERRY_CLI_ARGS_IMAGE, copy_options_new, copy_options_free, command_copy },
  { "tasks", NULL, N_("list the copies, queued, running and finished"),
    FERRY_CLI_ARGS_NONE, NULL, NULL, command_tasks },
  { "wait", "[TASK…]", N_("follow copies until they finish"),
    FERRY_CLI_ARGS_ANY, NULL, NULL, command_wait },
  { "remove", "TASK", N_("take a copy that has not started off the queue"),
    FERRY_CLI_ARGS_TASK, NULL, NULL, command_remove },
  { NULL }
};
