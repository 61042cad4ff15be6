/* ferry-cli-copy.c: ferryctl check, copy, tasks, wait, remove, resolve
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-cbr.h"
#include "ferry-cli-output.h"
#include "ferry-cli-private.h"
#include "ferry-cli-table.h"
#include "ferry-copy-plan.h"
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
  gboolean  again;
  gboolean  copy_tags;
  gboolean  no_copy_tags;
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
    { "again", 0, 0, G_OPTION_ARG_NONE, &o->again,
      N_("Copy even where the same copy was made or queued before"), NULL },
    { "copy-tags", 0, 0, G_OPTION_ARG_NONE, &o->copy_tags,
      N_("Give the copies the source image’s tags (the default)"), NULL },
    { "no-copy-tags", 0, 0, G_OPTION_ARG_NONE, &o->no_copy_tags,
      N_("Leave the copies without the source image’s tags"), NULL },
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

/* Told before the keys are looked for. */
static const char *
copy_check_args (gpointer   options,
                 char     **args)
{
  CopyOptions *o = options;

  if (o->copy_tags && o->no_copy_tags)
    return _("Give either --copy-tags or --no-copy-tags, not both.");
  return NULL;
}

/* The options of resolve. */
typedef struct
{
  gboolean  look_again;
  gboolean  submit_again;
  gboolean  wait;
} ResolveOptions;

static gpointer
resolve_options_new (GOptionContext *context)
{
  ResolveOptions *o = g_new0 (ResolveOptions, 1);
  const GOptionEntry entries[] = {
    { "look-again", 0, 0, G_OPTION_ARG_NONE, &o->look_again,
      N_("Look for the copy in the destination once more"), NULL },
    { "submit-again", 0, 0, G_OPTION_ARG_NONE, &o->submit_again,
      N_("Send the copy again, accepting that there may be two"), NULL },
    { "wait", 0, 0, G_OPTION_ARG_NONE, &o->wait,
      N_("Follow the copies until they finish"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return o;
}

/* One decision, and only one: told before the keys are looked for. */
static const char *
resolve_check_args (gpointer   options,
                    char     **args)
{
  ResolveOptions *o = options;

  if (o->look_again == o->submit_again)
    return _("Say what to do with the copy: --look-again or --submit-again.");
  return NULL;
}

/* check and copy: one FerryCopyPlan */

/* Whether the argument of check or copy is an image id rather than a
 * name. IMS image ids are UUIDs: every id of the ListImages and
 * GlanceShowImage reference examples (ims_03_0602, ims_03_0703;
 * tests/data/reference/ims) is one, and so is every id the sandbox makes.
 * That no id has another shape is assumed; a name of that shape is
 * looked up as an id. */
static gboolean
looks_like_image_id (const char *text)
{
  return g_uuid_string_is_valid (text);
}

/* The regions of --to, each once: a region named twice is one copy, not
 * two (a script that joins two lists of regions means each region once,
 * and a usage error would stop it for nothing; the plan merges the same
 * destination too, so no caller can bill a copy twice). NULL after saying
 * what is wrong. */
static GPtrArray *
destination_regions (FerryCli    *cli,
                     CopyOptions *o)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) items = NULL;

  if (o->to == NULL || *o->to == '\0')
    {
      ferry_cli_usage_error (_("Say where to with --to REGION[,REGION…]."));
      return NULL;
    }
  items = g_strsplit (o->to, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *region = g_strstrip (items[i]);

      if (!ferry_cli_is_known_region (cli, region))
        return NULL;
      if (!g_ptr_array_find_with_equal_func (regions, region, g_str_equal, NULL))
        g_ptr_array_add (regions, g_strdup (region));
    }
  return g_steal_pointer (&regions);
}

/* The question of check and copy, its facts gathered; NULL after saying
 * what is wrong (*status: the exit status). */
static FerryCopyPlan *
gather_plan (FerryCli        *cli,
             CopyOptions     *o,
             FerryTaskStore  *store,
             const char      *image,
             FerryCliExit    *status)
{
  g_autoptr(FerryCopyPlan) plan = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GError) error = NULL;
  const GError *image_error;
  gboolean gathered;

  *status = FERRY_CLI_EXIT_USAGE;
  if ((regions = destination_regions (cli, o)) == NULL)
    return NULL;

  plan = ferry_copy_plan_new (ferry_cli_get_client (cli), ferry_cli_get_account (cli),
                              ferry_cli_get_region (cli), FERRY_COPY_KIND_CROSS_REGION);
  if (looks_like_image_id (image))
    ferry_copy_plan_add_image_id (plan, image);
  else
    ferry_copy_plan_add_image_name (plan, image);
  for (guint i = 0; i < regions->len; i++)
    {
      guint d = ferry_copy_plan_add_destination (plan, g_ptr_array_index (regions, i), NULL);

      ferry_copy_plan_set_vault_id (plan, d, o->vault_id);
    }
  ferry_copy_plan_set_agency_name (plan, o->agency_name);
  ferry_copy_plan_set_name (plan, 0, o->name);
  ferry_copy_plan_set_task_store (plan, store);

  ferry_copy_plan_gather_async (plan, NULL, ferry_cli_store_result_cb, cli);
  gathered = ferry_copy_plan_gather_finish (plan, ferry_cli_wait (cli), &error);

  /* A name that names no image, or several: the user's to mend. */
  image_error = ferry_copy_plan_get_image_error (plan, 0);
  if (image_error != NULL && image_error->domain == FERRY_COPY_PLAN_ERROR)
    {
      g_autofree char *hint = g_strdup_printf (_("“ferryctl images --region %s” lists the images; give the id or the name of one."),
                                               ferry_cli_get_region (cli));

      ferry_cli_print_error (image_error->message);
      g_printerr ("%s\n", ferry_cli_safe (hint));
      return NULL;
    }
  if (!gathered)
    {
      *status = ferry_cli_fail (cli, error);
      if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND) && image_error != NULL)
        g_printerr (_("“ferryctl images --region %s” lists the images.\n"), ferry_cli_safe (ferry_cli_get_region (cli)));
      else if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND) &&
               ferry_copy_plan_get_fact_state (plan, FERRY_COPY_FACT_AGENCY, NULL) == FERRY_COPY_FACT_STATE_FAILED)
        g_printerr ("%s\n", _("“ferryctl agencies” lists the agencies."));
      return NULL;
    }

  *status = FERRY_CLI_EXIT_OK;
  return g_steal_pointer (&plan);
}

/* The rules a copy to @destination breaks. Without an agency only the
 * image and the regions are judged: check says so. */
static GPtrArray *
destination_violations (FerryCopyPlan *plan,
                        guint          destination)
{
  g_autoptr(GPtrArray) violations = ferry_copy_plan_dup_violations (plan, 0, destination);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < violations->len; i++)
    {
      FerryViolation *v = g_ptr_array_index (violations, i);

      if (ferry_violation_get_rule (v) == FERRY_RULE_AGENCY_MISSING)
        continue;
      g_ptr_array_add (kept, g_object_ref (v));
    }
  return kept;
}

/* " reason [code, server code]; reason…", made safe to print. */
static char *
describe_violations (GPtrArray *violations)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint j = 0; j < violations->len; j++)
    {
      FerryViolation *v = g_ptr_array_index (violations, j);

      if (j > 0)
        /* Translators: the separator between two reasons in a line;
         * Chinese joins its sentences with a full-width semicolon. */
        g_string_append (line, C_("reasons", "; "));
      /* Translators: a reason, then its rule and the server's code
       * (Chinese puts no space after the sentence's full stop). */
      g_string_append_printf (line, C_("refusals", "%s [%s, %s]"),
                              ferry_violation_get_message (v), ferry_violation_get_code (v),
                              ferry_violation_get_server_code (v));
    }
  /* The escaped copy is new: the line itself goes with the GString. */
  return ferry_cli_escape (line->str);
}

static void
add_violations_json (JsonBuilder *b,
                     GPtrArray   *violations)
{
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
}

static const char *
earlier_copy_id (FerryEarlierCopy kind)
{
  switch (kind)
    {
    case FERRY_EARLIER_COPY_IN_QUEUE:
      return "in-queue";
    case FERRY_EARLIER_COPY_MADE:
      return "made";
    case FERRY_EARLIER_COPY_FOUND:
      return "found";
    case FERRY_EARLIER_COPY_SAME_NAME:
      return "same-name";
    case FERRY_EARLIER_COPY_NONE:
    default:
      return NULL;
    }
}

static void
add_earlier_copy_json (JsonBuilder   *b,
                       FerryCopyPlan *plan,
                       guint          destination)
{
  const char *task_id = NULL;
  const char *image_id = NULL;
  FerryEarlierCopy kind = ferry_copy_plan_get_earlier_copy (plan, 0, destination, &task_id, &image_id);
  g_autofree char *sentence = NULL;

  json_builder_set_member_name (b, "earlier_copy");
  if (kind == FERRY_EARLIER_COPY_NONE)
    {
      json_builder_add_null_value (b);
      return;
    }
  sentence = ferry_copy_plan_describe_earlier_copy (plan, 0, destination);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, earlier_copy_id (kind));
  if (task_id != NULL)
    {
      json_builder_set_member_name (b, "task");
      json_builder_add_string_value (b, task_id);
    }
  if (image_id != NULL)
    {
      json_builder_set_member_name (b, "image_id");
      json_builder_add_string_value (b, image_id);
    }
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, sentence);
  json_builder_end_object (b);
}

static const char *
destination_name (FerryCopyPlan *plan,
                  guint          destination)
{
  return ferry_cli_safe (ferry_region_get_name (ferry_copy_plan_get_destination (plan, destination)));
}

static const char *
destination_id (FerryCopyPlan *plan,
                guint          destination)
{
  return ferry_region_get_id (ferry_copy_plan_get_destination (plan, destination));
}

/* When the earlier copy at @destination is a task of unknown outcome, the
 * line that says how to settle it, made safe to print; NULL otherwise. */
static char *
earlier_decide_line (FerryCopyQueue *queue,
                     FerryCopyPlan  *plan,
                     guint           destination)
{
  const char *task_id = NULL;
  FerryCopyTask *task;
  g_autofree char *command = NULL;

  if (ferry_copy_plan_get_earlier_copy (plan, 0, destination, &task_id, NULL) != FERRY_EARLIER_COPY_IN_QUEUE ||
      (task = ferry_copy_queue_lookup (queue, task_id)) == NULL ||
      ferry_copy_task_get_state (task) != FERRY_TASK_STATE_OUTCOME_UNKNOWN)
    return NULL;
  command = ferry_cli_decide_command (task);
  /* Translators: the command that decides a copy of unknown outcome. */
  return g_strdup_printf (_("  Decide with: %s\n"), ferry_cli_safe (command));
}

static FerryCliExit
command_check (FerryCli *cli,
               gpointer  options,
               char    **args)
{
  CopyOptions *o = options;
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(FerryCopyPlan) plan = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) image_violations = NULL;
  FerryImage *image;
  gboolean all_allowed = TRUE;
  FerryCliExit status;

  if ((queue = ferry_cli_open_queue (cli)) == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  plan = gather_plan (cli, o, ferry_copy_queue_get_store (queue), args[0], &status);
  if (plan == NULL)
    return status;
  image = ferry_copy_plan_get_image (plan, 0);
  image_violations = ferry_copy_plan_dup_image_violations (plan, 0);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "image");
  json_builder_add_string_value (b, ferry_image_get_id (image));
  json_builder_set_member_name (b, "source_region");
  json_builder_add_string_value (b, ferry_cli_get_region (cli));
  /* What rules the image out wherever it goes: the same verdict as the
   * app's Copy button and its images page. */
  json_builder_set_member_name (b, "image_violations");
  add_violations_json (b, image_violations);
  json_builder_set_member_name (b, "destinations");
  json_builder_begin_array (b);

  if (image_violations->len > 0 && !ferry_cli_get_json (cli))
    {
      g_autofree char *reasons = describe_violations (image_violations);

      /* Translators: an image's name, then every reason. */
      g_print (_("%s cannot be copied to any region: %s\n"),
               ferry_cli_safe (ferry_image_get_name (image)), reasons);
    }

  for (guint d = 0; d < ferry_copy_plan_get_n_destinations (plan); d++)
    {
      g_autoptr(GPtrArray) violations = destination_violations (plan, d);
      g_autofree char *earlier = ferry_copy_plan_describe_earlier_copy (plan, 0, d);
      g_autofree char *quota_note = ferry_copy_plan_describe_quota (plan, d);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "region");
      json_builder_add_string_value (b, destination_id (plan, d));
      json_builder_set_member_name (b, "allowed");
      json_builder_add_boolean_value (b, violations->len == 0);
      json_builder_set_member_name (b, "violations");
      add_violations_json (b, violations);
      add_earlier_copy_json (b, plan, d);
      /* Not checked: the service would not tell the quota. */
      json_builder_set_member_name (b, "quota_unknown");
      if (quota_note != NULL)
        json_builder_add_string_value (b, quota_note);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);

      if (violations->len > 0)
        all_allowed = FALSE;
      if (ferry_cli_get_json (cli))
        continue;
      if (violations->len == 0)
        /* Translators: a destination region id, then its name. */
        g_print (_("%s (%s): allowed\n"), destination_id (plan, d), destination_name (plan, d));
      else
        {
          g_autofree char *reasons = describe_violations (violations);

          /* Translators: a region id, its name, then every reason. */
          g_print (_("%s (%s): refused: %s\n"), destination_id (plan, d), destination_name (plan, d),
                   reasons);
        }
      if (quota_note != NULL)
        g_print ("  %s\n", ferry_cli_safe (quota_note));
      /* Not a rule: copy refuses it unless told --again. */
      if (earlier != NULL)
        {
          g_autofree char *decide = earlier_decide_line (queue, plan, d);

          /* Translators: said under a destination: why ferryctl copy would
           * ask for --again there. */
          g_print (_("  %s “ferryctl copy” makes it again only with --again.\n"), ferry_cli_safe (earlier));
          if (decide != NULL)
            g_print ("%s", decide);
        }
    }

  json_builder_end_array (b);
  json_builder_end_object (b);
  if (ferry_cli_get_json (cli))
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);

      ferry_cli_print_json (root);
    }
  else if (o->agency_name == NULL)
    g_print ("%s\n", _("The agency was not checked: name one with --agency to check its permissions too."));

  return all_allowed ? FERRY_CLI_EXIT_OK : FERRY_CLI_EXIT_REFUSED;
}

static void
print_tasks_json (GPtrArray *tasks)
{
  g_autoptr(GListStore) store = g_list_store_new (FERRY_TYPE_COPY_TASK);

  for (guint i = 0; i < tasks->len; i++)
    g_list_store_append (store, g_ptr_array_index (tasks, i));
  ferry_cli_print_list_json ("tasks", NULL, G_LIST_MODEL (store), (gpointer) ferry_copy_task_serialize);
}

/* Whether the plan refuses @destination: a broken rule (the limit of five
 * is none here: the queue waits for a free place), or an earlier copy
 * unless --again (a copy of unknown outcome is one: it may have been
 * made). Says why on stderr. */
static gboolean
refuses (FerryCopyQueue *queue,
         FerryCopyPlan  *plan,
         CopyOptions    *o,
         guint           destination)
{
  g_autoptr(GPtrArray) violations = ferry_copy_plan_dup_violations (plan, 0, destination);
  g_autoptr(GPtrArray) blocking = g_ptr_array_new ();
  g_autofree char *earlier = NULL;
  g_autofree char *decide = NULL;

  for (guint j = 0; j < violations->len; j++)
    if (ferry_violation_get_rule (g_ptr_array_index (violations, j)) != FERRY_RULE_CONCURRENCY)
      g_ptr_array_add (blocking, g_ptr_array_index (violations, j));
  if (blocking->len > 0)
    {
      g_autofree char *reasons = describe_violations (blocking);

      g_printerr (_("%s (%s): refused: %s\n"), destination_id (plan, destination),
                  destination_name (plan, destination), reasons);
      return TRUE;
    }
  {
    g_autofree char *quota_note = ferry_copy_plan_describe_quota (plan, destination);

    /* Not a refusal: the service judges a quota it will not tell. */
    if (quota_note != NULL)
      g_printerr ("%s (%s): %s\n", destination_id (plan, destination),
                  destination_name (plan, destination), ferry_cli_safe (quota_note));
  }

  if (o->again || (earlier = ferry_copy_plan_describe_earlier_copy (plan, 0, destination)) == NULL)
    return FALSE;
  /* Translators: a region id, its name, then why the copy would be made
   * twice. */
  g_printerr (_("%s (%s): not copied again: %s “--again” copies it anyway.\n"),
              destination_id (plan, destination), destination_name (plan, destination),
              ferry_cli_safe (earlier));
  if ((decide = earlier_decide_line (queue, plan, destination)) != NULL)
    g_printerr ("%s", decide);
  return TRUE;
}

static FerryCliExit
command_copy (FerryCli *cli,
              gpointer  options,
              char    **args)
{
  CopyOptions *o = options;
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(FerryCopyPlan) plan = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *name = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  FerryProject *source_project;
  FerryImage *image;
  gboolean refused = FALSE;
  FerryCliExit status;

  if (o->agency_name == NULL)
    return ferry_cli_usage_error (_("Name the IMS agency the copy runs with: --agency NAME."));
  /* What can be told before any request is. */
  if ((o->name != NULL && (why = ferry_rules_check_name (o->name)) != NULL) ||
      (why = ferry_rules_check_description (o->description)) != NULL)
    return ferry_cli_usage_error (why);

  if ((queue = ferry_cli_open_queue (cli)) == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  plan = gather_plan (cli, o, ferry_copy_queue_get_store (queue), args[0], &status);
  if (plan == NULL)
    return status;
  image = ferry_copy_plan_get_image (plan, 0);
  name = ferry_copy_plan_dup_name (plan, 0);
  if ((why = ferry_rules_check_name (name)) != NULL)
    return ferry_cli_usage_error (why);

  source_project = ferry_account_get_region_project (ferry_cli_get_account (cli), ferry_cli_get_region (cli));
  for (guint d = 0; d < ferry_copy_plan_get_n_destinations (plan); d++)
    {
      FerryProject *destination_project = ferry_copy_plan_get_destination_project (plan, d);
      g_autoptr(FerryCopyTask) task = NULL;

      if (refuses (queue, plan, o, d))
        {
          refused = TRUE;
          continue;
        }

      task = ferry_copy_task_new_cross_region (ferry_account_get_domain_id (ferry_cli_get_account (cli)),
                                               ferry_image_get_id (image),
                                               ferry_image_get_name (image),
                                               ferry_cli_get_region (cli),
                                               ferry_project_get_id (source_project),
                                               destination_id (plan, d),
                                               ferry_project_get_name (destination_project),
                                               ferry_project_get_id (destination_project),
                                               name,
                                               o->description,
                                               o->agency_name,
                                               ferry_rules_needs_vault (image) ? o->vault_id : NULL);
      ferry_copy_task_set_copy_tags (task, !o->no_copy_tags);
      g_ptr_array_add (added, g_object_ref (task));
    }

  /* All or none, and nothing sent before it is saved: a copy that was not
   * saved is not queued. */
  if (added->len > 0 && !ferry_copy_queue_add_all (queue, added, &error))
    {
      /* Translators: the copies could not be saved; then why. */
      g_printerr (_("ferryctl: Nothing was queued. %s\n"), ferry_cli_safe (error->message));
      return FERRY_CLI_EXIT_REFUSED;
    }
  for (guint i = 0; i < added->len && !ferry_cli_get_json (cli); i++)
    {
      FerryCopyTask *task = g_ptr_array_index (added, i);
      FerryRegion *to = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (cli),
                                                       ferry_copy_task_get_destination_region (task));

      /* Translators: the copy's name, the destination region, the task id. */
      g_print (_("Queued “%s” for %s (task %s).\n"), name, ferry_cli_safe (ferry_region_get_name (to)),
               ferry_copy_task_get_id (task));
    }

  status = FERRY_CLI_EXIT_OK;
  if (o->wait && added->len > 0)
    status = ferry_cli_watch_tasks (cli, queue, added);
  else if (!ferry_cli_get_json (cli) && added->len > 0)
    g_print ("%s\n", _("The copies will be carried on by the next “ferryctl wait” or by Ferry."));

  if (ferry_cli_get_json (cli))
    print_tasks_json (added);

  /* An outcome to decide says so whatever else happened. */
  if (status == FERRY_CLI_EXIT_UNKNOWN)
    return status;
  return refused || status != FERRY_CLI_EXIT_OK ? FERRY_CLI_EXIT_REFUSED : FERRY_CLI_EXIT_OK;
}

static FerryCliExit
command_tasks (FerryCli *cli,
               gpointer  options,
               char    **args)
{
  g_autoptr(FerryCopyQueue) queue = ferry_cli_open_queue (cli);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(FerryCliTable) table = NULL;
  GListModel *model;
  Watch watch = { cli, queue, tasks, NULL, FALSE, 0, 0 };

  if (queue == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  model = G_LIST_MODEL (queue);
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
      g_autofree char *state = ferry_cli_task_status_text (&watch, task);

      ferry_cli_table_add_row (table, id, ferry_copy_task_get_image_name (task),
                               ferry_copy_task_get_source_region (task),
                               ferry_copy_task_get_destination_region (task),
                               progress, state);
    }
  ferry_cli_print_table (table);
  /* A copy of unknown outcome: what was looked for, and how to decide. */
  for (guint i = 0; i < tasks->len; i++)
    if (ferry_copy_task_get_state (g_ptr_array_index (tasks, i)) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
      ferry_cli_explain_unknown (queue, g_ptr_array_index (tasks, i));
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
  GListModel *model;
  FerryCliExit status;

  if (queue == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  model = G_LIST_MODEL (queue);
  if (args[0] == NULL)
    {
      /* All unfinished copies of this account, those of unknown outcome
       * included: they are said again, with the command to decide. */
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

  status = ferry_cli_watch_tasks (cli, queue, tasks);
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
  FerryCopyTask *task;

  if (queue == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  task = lookup_task (queue, args[0]);
  if (task == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No single task has an id starting with “%s”."), args[0]);

      return ferry_cli_usage_error (message);
    }
  if (!ferry_copy_queue_remove (queue, ferry_copy_task_get_id (task), &error))
    {
      ferry_cli_print_error (error->message);
      return FERRY_CLI_EXIT_REFUSED;
    }
  if (!ferry_cli_get_json (cli))
    g_print (_("Removed task %s.\n"), ferry_copy_task_get_id (task));
  return FERRY_CLI_EXIT_OK;
}

static gboolean
task_looking (gpointer data)
{
  return ferry_copy_task_get_state (data) != FERRY_TASK_STATE_SUBMITTING;
}

/* resolve TASK --look-again | --submit-again [--wait]: the user's
 * decision on a copy whose outcome is unknown. */
static FerryCliExit
command_resolve (FerryCli *cli,
                 gpointer  options,
                 char    **args)
{
  ResolveOptions *o = options;
  g_autoptr(FerryCopyQueue) queue = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  FerryCopyDecision decision;
  FerryCopyTask *task;
  FerryRegion *to;

  /* resolve_check_args() made sure there is exactly one. */
  decision = o->look_again ? FERRY_COPY_DECISION_LOOK_AGAIN : FERRY_COPY_DECISION_SUBMIT_AGAIN;

  if ((queue = ferry_cli_open_queue (cli)) == NULL)
    return FERRY_CLI_EXIT_REFUSED;
  task = lookup_task (queue, args[0]);
  if (task == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No single task has an id starting with “%s”."), args[0]);

      return ferry_cli_usage_error (message);
    }
  g_ptr_array_add (tasks, g_object_ref (task));
  if (!ferry_copy_queue_decide (queue, ferry_copy_task_get_id (task), decision, &error))
    {
      ferry_cli_print_error (error->message);
      return FERRY_CLI_EXIT_REFUSED;
    }

  if (decision == FERRY_COPY_DECISION_SUBMIT_AGAIN)
    {
      if (!ferry_cli_get_json (cli))
        /* Translators: the copy's name, then its task id. */
        g_print (_("Queued “%s” again (task %s).\n"), ferry_cli_safe (ferry_copy_task_get_name (task)),
                 ferry_copy_task_get_id (task));
    }
  else
    {
      /* One look, now. */
      ferry_copy_queue_run (queue);
      while (!task_looking (task))
        g_main_context_iteration (NULL, TRUE);
      ferry_copy_queue_stop (queue);
      if (ferry_copy_task_get_state (task) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        {
          ferry_cli_explain_unknown (queue, task);
          if (ferry_cli_get_json (cli))
            print_tasks_json (tasks);
          return FERRY_CLI_EXIT_UNKNOWN;
        }
      to = ferry_region_catalogue_lookup (ferry_cli_get_catalogue (cli),
                                          ferry_copy_task_get_destination_region (task));
      if (!ferry_cli_get_json (cli))
        /* Translators: the copy's name, then the destination region. */
        g_print (_("Found the copy “%s” in %s: it is followed again.\n"),
                 ferry_cli_safe (ferry_copy_task_get_name (task)),
                 ferry_cli_safe (to != NULL ? ferry_region_get_name (to)
                                            : ferry_copy_task_get_destination_region (task)));
    }

  if (o->wait)
    {
      FerryCliExit status = ferry_cli_watch_tasks (cli, queue, tasks);

      if (ferry_cli_get_json (cli))
        print_tasks_json (tasks);
      return status;
    }
  if (!ferry_cli_get_json (cli))
    g_print ("%s\n", _("The copies will be carried on by the next “ferryctl wait” or by Ferry."));
  else
    print_tasks_json (tasks);
  return FERRY_CLI_EXIT_OK;
}

const FerryCliCommand ferry_cli_copy_commands[] = {
  { "check", "IMAGE --to REGION[,REGION…]",
    N_("say whether an image of --region may be copied to each region, and why not"),
    FERRY_CLI_ARGS_IMAGE, check_options_new, copy_options_free, command_check },
  { "copy", "IMAGE --to REGION[,REGION…] --agency NAME [--wait] [--again] [--no-copy-tags]",
    N_("queue one copy per region; five run at a time, the rest wait"),
    FERRY_CLI_ARGS_IMAGE, copy_options_new, copy_options_free, command_copy, copy_check_args },
  { "tasks", NULL, N_("list the copies, queued, running and finished"),
    FERRY_CLI_ARGS_NONE, NULL, NULL, command_tasks },
  { "wait", "[TASK…]", N_("follow copies until they finish"),
    FERRY_CLI_ARGS_ANY, NULL, NULL, command_wait },
  { "remove", "TASK", N_("take a copy that has not started off the queue"),
    FERRY_CLI_ARGS_TASK, NULL, NULL, command_remove },
  { "resolve", "TASK --look-again | --submit-again [--wait]",
    N_("decide on a copy whose outcome is unknown: look for it once more, or send it again"),
    FERRY_CLI_ARGS_TASK, resolve_options_new, g_free, command_resolve, resolve_check_args },
  { NULL }
};
