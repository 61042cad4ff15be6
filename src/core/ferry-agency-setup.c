/* ferry-agency-setup.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-agency-setup.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-region.h"
#include "ferry-region-catalogue.h"

typedef struct
{
  FerryAgencyStepKind   kind;
  char                 *region;   /* GRANT only: the scope */
  FerryAgencyStepState  state;
  GError               *error;
} Step;

struct _FerryAgencySetup
{
  GObject       parent_instance;

  FerryClient  *client;
  FerryAccount *account;
  char         *name;
  char         *duration;
  char         *description;
  GStrv         regions;

  FerryAgency  *agency;
  FerryRole    *role;
  GArray       *steps;          /* Step */
  gboolean      running;
  /* A create was sent and how it ended is not known (no answer, a 5xx
   * from a gateway, or cancelled once sent): the agency may exist now. The
   * next create looks it up first, and a 409 may be our own. */
  gboolean      create_unknown;

  /* The run in progress */
  GTask        *task;
  guint         current;
  GError       *first_error;
};

G_DEFINE_FINAL_TYPE (FerryAgencySetup, ferry_agency_setup, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_AGENCY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STEP_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
step_clear (Step *step)
{
  g_clear_pointer (&step->region, g_free);
  g_clear_error (&step->error);
}

static void
add_step (FerryAgencySetup    *self,
          FerryAgencyStepKind  kind,
          const char          *region)
{
  Step step = { kind, g_strdup (region), FERRY_AGENCY_STEP_PENDING, NULL };

  g_array_append_val (self->steps, step);
}

static void
add_steps (FerryAgencySetup *self,
           gboolean          create)
{
  if (create)
    add_step (self, FERRY_AGENCY_STEP_CREATE, NULL);
  add_step (self, FERRY_AGENCY_STEP_FIND_ROLE, NULL);
  for (guint i = 0; self->regions[i] != NULL; i++)
    add_step (self, FERRY_AGENCY_STEP_GRANT, self->regions[i]);
  add_step (self, FERRY_AGENCY_STEP_VERIFY, NULL);
}

FerryAgencySetup *
ferry_agency_setup_new (FerryClient        *client,
                        FerryAccount       *account,
                        const char         *name,
                        const char         *duration,
                        const char         *description,
                        const char * const *regions)
{
  FerryAgencySetup *self;

  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (duration != NULL, NULL);

  self = g_object_new (FERRY_TYPE_AGENCY_SETUP, NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  self->name = g_strdup (name);
  self->duration = g_strdup (duration);
  self->description = g_strdup (description);
  self->regions = regions != NULL ? g_strdupv ((char **) regions) : g_new0 (char *, 1);
  add_steps (self, TRUE);

  return self;
}

FerryAgencySetup *
ferry_agency_setup_new_for_agency (FerryClient        *client,
                                   FerryAccount       *account,
                                   FerryAgency        *agency,
                                   const char * const *regions)
{
  FerryAgencySetup *self;

  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (FERRY_IS_AGENCY (agency), NULL);

  self = g_object_new (FERRY_TYPE_AGENCY_SETUP, NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  self->agency = g_object_ref (agency);
  self->name = g_strdup (ferry_agency_get_name (agency));
  self->regions = regions != NULL ? g_strdupv ((char **) regions) : g_new0 (char *, 1);
  add_steps (self, FALSE);

  return self;
}

gboolean
ferry_agency_setup_is_valid_name (const char *name)
{
  gsize length;

  if (name == NULL)
    return FALSE;
  length = strlen (name);
  if (length < 1 || length > FERRY_AGENCY_NAME_MAX)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

const char *
ferry_agency_setup_get_name (FerryAgencySetup *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_SETUP (self), NULL);
  return self->name;
}

FerryAgency *
ferry_agency_setup_get_agency (FerryAgencySetup *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_SETUP (self), NULL);
  return self->agency;
}

gboolean
ferry_agency_setup_get_running (FerryAgencySetup *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_SETUP (self), FALSE);
  return self->running;
}

gboolean
ferry_agency_setup_get_complete (FerryAgencySetup *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_SETUP (self), FALSE);

  for (guint i = 0; i < self->steps->len; i++)
    if (g_array_index (self->steps, Step, i).state != FERRY_AGENCY_STEP_DONE)
      return FALSE;
  return TRUE;
}

guint
ferry_agency_setup_get_n_steps (FerryAgencySetup *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_SETUP (self), 0);
  return self->steps->len;
}

static Step *
get_step (FerryAgencySetup *self,
          guint             index)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_SETUP (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, Step, index);
}

FerryAgencyStepKind
ferry_agency_setup_get_step_kind (FerryAgencySetup *self,
                                  guint             index)
{
  Step *step = get_step (self, index);

  return step != NULL ? step->kind : FERRY_AGENCY_STEP_CREATE;
}

const char *
ferry_agency_setup_get_step_region (FerryAgencySetup *self,
                                    guint             index)
{
  Step *step = get_step (self, index);

  return step != NULL ? step->region : NULL;
}

FerryAgencyStepState
ferry_agency_setup_get_step_state (FerryAgencySetup *self,
                                   guint             index)
{
  Step *step = get_step (self, index);

  return step != NULL ? step->state : FERRY_AGENCY_STEP_PENDING;
}

const GError *
ferry_agency_setup_get_step_error (FerryAgencySetup *self,
                                   guint             index)
{
  Step *step = get_step (self, index);

  return step != NULL ? step->error : NULL;
}

gboolean
ferry_agency_setup_get_create_unknown (FerryAgencySetup *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_SETUP (self), FALSE);
  return self->create_unknown && self->agency == NULL;
}

/* The region a scope's project belongs to, else the scope itself. */
static const char *
scope_region_id (FerryAgencySetup *self,
                 const char       *scope)
{
  FerryProject *project = ferry_account_lookup_project (self->account, scope);

  if (project != NULL && ferry_project_get_region_id (project) != NULL)
    return ferry_project_get_region_id (project);
  return scope;
}

static const char *
scope_region_name (FerryAgencySetup *self,
                   const char       *scope)
{
  const char *id = scope_region_id (self, scope);
  FerryRegion *region = ferry_region_catalogue_lookup (ferry_client_get_catalogue (self->client), id);

  return region != NULL ? ferry_region_get_name (region) : id;
}

/* A scope for a sentence: the region's name in the user's language, and
 * the project's name when it is not the region's default project. */
static char *
dup_scope_label (FerryAgencySetup *self,
                 const char       *scope)
{
  FerryProject *project = ferry_account_lookup_project (self->account, scope);

  if (project == NULL || ferry_project_is_default (project))
    return g_strdup (scope_region_name (self, scope));
  /* Translators: a region's name, then the name of a project in it. */
  return g_strdup_printf (_("%s (project %s)"), scope_region_name (self, scope),
                          ferry_project_get_name (project));
}

/* IAM is global: any region's endpoint answers; use one the user chose. */
static const char *
home_region (FerryAgencySetup *self)
{
  for (guint i = 0; self->regions[i] != NULL; i++)
    {
      const char *id = scope_region_id (self, self->regions[i]);

      if (ferry_region_catalogue_lookup (ferry_client_get_catalogue (self->client), id) != NULL)
        return id;
    }
  return "cn-north-4";
}

char *
ferry_agency_setup_dup_step_title (FerryAgencySetup *self,
                                   guint             index)
{
  Step *step = get_step (self, index);
  FerryProject *project;

  if (step == NULL)
    return NULL;

  switch (step->kind)
    {
    case FERRY_AGENCY_STEP_CREATE:
      /* Translators: the agency's name. */
      return g_strdup_printf (_("Create the agency “%s” for IMS"), self->name);
    case FERRY_AGENCY_STEP_FIND_ROLE:
      return g_strdup (_("Find the IMS Administrator role"));
    case FERRY_AGENCY_STEP_GRANT:
      project = ferry_account_lookup_project (self->account, step->region);
      /* Translators: a region's name, then the name of its project. */
      return g_strdup_printf (_("Grant IMS Administrator in %s (project %s)"),
                              scope_region_name (self, step->region),
                              project != NULL ? ferry_project_get_name (project) : step->region);
    case FERRY_AGENCY_STEP_VERIFY:
    default:
      return g_strdup (_("Check the permissions in every region"));
    }
}

/* Running */

static void run_next (FerryAgencySetup *self);

static void
set_step_state (FerryAgencySetup     *self,
                guint                 index,
                FerryAgencyStepState  state,
                GError               *error)
{
  Step *step = &g_array_index (self->steps, Step, index);

  step->state = state;
  g_clear_error (&step->error);
  step->error = error;
  g_signal_emit (self, signals[STEP_CHANGED], 0, index);
}

static void
set_running (FerryAgencySetup *self,
             gboolean          running)
{
  if (self->running == running)
    return;
  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
finish_run (FerryAgencySetup *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  set_running (self, FALSE);
  if (self->first_error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->first_error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Ends the current step; a failure is kept for the end of the run. */
static void
step_done (FerryAgencySetup *self,
           GError           *error)
{
  guint index = self->current;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Not a failure of the step: it is still to do. */
      set_step_state (self, index, FERRY_AGENCY_STEP_PENDING, NULL);
      g_clear_error (&self->first_error);
      self->first_error = error;
      finish_run (self);
      return;
    }

  if (error != NULL && self->first_error == NULL)
    self->first_error = g_error_copy (error);
  set_step_state (self, index, error != NULL ? FERRY_AGENCY_STEP_FAILED : FERRY_AGENCY_STEP_DONE,
                  error);
  self->current++;
  run_next (self);
}

static GError *
replace_message (GError     *error,
                 const char *message)
{
  g_free (error->message);
  error->message = g_strdup (message);
  return error;
}

/* Takes over the agency named like ours among @agencies if it trusts IMS:
 * the one a create whose answer was lost made. *exists tells whether any
 * agency has the name. */
static gboolean
take_over (FerryAgencySetup *self,
           GListModel       *agencies,
           gboolean         *exists)
{
  *exists = FALSE;
  for (guint i = 0; agencies != NULL && i < g_list_model_get_n_items (agencies); i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, i);

      if (g_strcmp0 (ferry_agency_get_name (agency), self->name) != 0)
        continue;
      *exists = TRUE;
      if (ferry_agency_trusts_ims (agency))
        {
          self->create_unknown = FALSE;
          g_set_object (&self->agency, agency);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENCY]);
          return TRUE;
        }
    }
  return FALSE;
}

static GError *
untrusted_error (FerryAgencySetup *self)
{
  g_autofree char *message =
    g_strdup_printf (_("An agency named “%s” exists already and is not delegated to IMS. Choose another name."),
                     self->name);

  return ferry_api_error_new_literal (FERRY_API_ERROR_FAILED, message);
}

static void send_create (FerryAgencySetup *self);

/* After a 409 to a create resent when the first one's outcome was not
 * known. */
static void
found_agency_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryAgencySetup) self = user_data;
  g_autoptr(GListModel) agencies = NULL;
  GError *error = NULL;
  gboolean exists;

  agencies = ferry_iam_list_agencies_finish (FERRY_CLIENT (object), result, &error);
  if (error == NULL && !take_over (self, agencies, &exists))
    {
      if (exists)
        error = untrusted_error (self);
      else
        error = ferry_api_error_new_literal (FERRY_API_ERROR_FAILED,
                                             _("Huawei Cloud says the agency name is taken, but no agency of that name can be found. Retry in a moment."));
    }
  step_done (self, error);
}

/* Before a create when an earlier one's outcome is not known: the agency
 * it may have made is taken over rather than created twice. */
static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryAgencySetup) self = user_data;
  g_autoptr(GListModel) agencies = NULL;
  GError *error = NULL;
  gboolean exists;

  agencies = ferry_iam_list_agencies_finish (FERRY_CLIENT (object), result, &error);
  if (error != NULL)
    {
      step_done (self, error);
      return;
    }
  if (take_over (self, agencies, &exists))
    step_done (self, NULL);
  else if (exists)
    {
      /* Someone else's agency has the name: ours was never made. */
      self->create_unknown = FALSE;
      step_done (self, untrusted_error (self));
    }
  else
    send_create (self);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryAgencySetup) self = user_data;
  g_autoptr(FerryAgency) agency = NULL;
  GError *error = NULL;
  guint status;

  agency = ferry_iam_create_agency_finish (FERRY_CLIENT (object), result, &error);
  if (agency != NULL)
    {
      self->create_unknown = FALSE;
      g_set_object (&self->agency, agency);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENCY]);
      step_done (self, NULL);
      return;
    }

  status = ferry_api_error_get_http_status (error);
  if (status == 409 && self->create_unknown && self->task != NULL)
    {
      /* Our own earlier create went through after all: use that agency. */
      g_clear_error (&error);
      ferry_iam_list_agencies_async (self->client, home_region (self), self->name,
                                     g_task_get_cancellable (self->task),
                                     found_agency_cb, g_object_ref (self));
      return;
    }

  if (status == 409)
    {
      g_autofree char *message =
        g_strdup_printf (_("An agency named “%s” exists already. Choose another name, or check that agency instead."),
                         self->name);

      error = replace_message (error, message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The request may have left already: IAM may carry it out. */
      self->create_unknown = TRUE;
    }
  else if (status == 0 || status >= 500)
    {
      /* No answer, or a gateway's 502/504 after the request may have
       * reached IAM: the agency may exist now. */
      g_autofree char *message =
        /* Translators: the reason, a sentence, comes first. */
        g_strdup_printf (_("%s Whether the agency was created is not known: a retry looks for it before creating it, so it is never created twice."),
                         error->message);

      self->create_unknown = TRUE;
      error = replace_message (error, message);
    }
  step_done (self, error);
}

static void
send_create (FerryAgencySetup *self)
{
  ferry_iam_create_agency_async (self->client, home_region (self), self->name, self->duration,
                                 self->description, g_task_get_cancellable (self->task),
                                 create_cb, g_object_ref (self));
}

static void
find_role_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FerryAgencySetup) self = user_data;
  g_autoptr(GListModel) roles = NULL;
  GError *error = NULL;

  roles = ferry_iam_find_roles_finish (FERRY_CLIENT (object), result, &error);
  if (roles != NULL && g_list_model_get_n_items (roles) > 0)
    self->role = g_list_model_get_item (roles, 0);
  else if (roles != NULL)
    error = ferry_api_error_new_literal (FERRY_API_ERROR_NOT_FOUND,
                                         _("Huawei Cloud has no role named IMS Administrator."));
  step_done (self, error);
}

static void
grant_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FerryAgencySetup) self = user_data;
  GError *error = NULL;

  ferry_iam_grant_role_finish (FERRY_CLIENT (object), result, &error);
  step_done (self, error);
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FerryAgencySetup) self = user_data;
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GString) missing = NULL;
  GError *error = NULL;

  grants = ferry_iam_check_ims_grants_finish (FERRY_CLIENT (object), result, &error);
  for (guint i = 0; grants != NULL && self->regions[i] != NULL; i++)
    if (grants[i] != FERRY_GRANT_GRANTED)
      {
        if (missing == NULL)
          missing = g_string_new (NULL);
        else
          g_string_append (missing, _(", "));
        {
          g_autofree char *label = dup_scope_label (self, self->regions[i]);

          g_string_append (missing, label);
        }
      }
  if (missing != NULL)
    {
      g_autofree char *message =
        /* Translators: a list of region names (a project's name in
         * brackets where it is not the region's default project). */
        g_strdup_printf (_("IMS Administrator is still missing in %s."), missing->str);

      error = ferry_api_error_new_literal (FERRY_API_ERROR_PERMISSION, message);
    }
  step_done (self, error);
}

static void
run_next (FerryAgencySetup *self)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);
  const char *home;
  Step *step;

  while (self->current < self->steps->len &&
         g_array_index (self->steps, Step, self->current).state == FERRY_AGENCY_STEP_DONE)
    self->current++;
  if (self->current >= self->steps->len)
    {
      finish_run (self);
      return;
    }

  step = &g_array_index (self->steps, Step, self->current);

  /* What a step needs from an earlier one that failed: skip it, its
   * error says enough. */
  if ((step->kind != FERRY_AGENCY_STEP_CREATE && step->kind != FERRY_AGENCY_STEP_FIND_ROLE &&
       self->agency == NULL) ||
      (step->kind == FERRY_AGENCY_STEP_GRANT && self->role == NULL) ||
      (step->kind == FERRY_AGENCY_STEP_VERIFY && self->first_error != NULL))
    {
      set_step_state (self, self->current, FERRY_AGENCY_STEP_PENDING, NULL);
      self->current++;
      run_next (self);
      return;
    }

  home = home_region (self);
  set_step_state (self, self->current, FERRY_AGENCY_STEP_RUNNING, NULL);

  switch (step->kind)
    {
    case FERRY_AGENCY_STEP_CREATE:
      if (self->create_unknown)
        ferry_iam_list_agencies_async (self->client, home, self->name, cancellable,
                                       looked_up_cb, g_object_ref (self));
      else
        send_create (self);
      break;
    case FERRY_AGENCY_STEP_FIND_ROLE:
      ferry_iam_find_roles_async (self->client, home, FERRY_IMS_ADMINISTRATOR, cancellable,
                                  find_role_cb, g_object_ref (self));
      break;
    case FERRY_AGENCY_STEP_GRANT:
      {
        FerryProject *project = ferry_account_lookup_project (self->account, step->region);
        const char *region;

        if (project == NULL)
          {
            g_autofree char *message = NULL;

            if (ferry_region_catalogue_lookup (ferry_client_get_catalogue (self->client), step->region) != NULL)
              message = g_strdup_printf (_("The account has no project in region “%s”."),
                                         scope_region_name (self, step->region));
            else
              /* Translators: a project's name. */
              message = g_strdup_printf (_("The account has no project named “%s”."), step->region);
            step_done (self, ferry_api_error_new_literal (FERRY_API_ERROR_NOT_FOUND, message));
            return;
          }
        /* The project's own region, where it lives (a sub-project too). */
        region = ferry_project_get_region_id (project) != NULL ? ferry_project_get_region_id (project) : home;
        ferry_iam_grant_role_async (self->client, region, ferry_project_get_id (project),
                                    ferry_agency_get_id (self->agency), ferry_role_get_id (self->role),
                                    cancellable, grant_cb, g_object_ref (self));
      }
      break;
    case FERRY_AGENCY_STEP_VERIFY:
    default:
      ferry_iam_check_ims_grants_async (self->client, self->account,
                                        ferry_agency_get_id (self->agency),
                                        (const char * const *) self->regions, cancellable,
                                        verify_cb, g_object_ref (self));
      break;
    }
}

void
ferry_agency_setup_run_async (FerryAgencySetup    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (FERRY_IS_AGENCY_SETUP (self));

  if (self->task != NULL)
    {
      g_task_report_new_error (self, callback, user_data, ferry_agency_setup_run_async,
                               G_IO_ERROR, G_IO_ERROR_PENDING, "The setup is running already.");
      return;
    }

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, ferry_agency_setup_run_async);
  self->current = 0;
  g_clear_error (&self->first_error);
  set_running (self, TRUE);

  /* A retry checks again: an earlier VERIFY may have failed only
   * because of the grants. */
  for (guint i = 0; i < self->steps->len; i++)
    {
      Step *step = &g_array_index (self->steps, Step, i);

      if (step->state == FERRY_AGENCY_STEP_FAILED)
        set_step_state (self, i, FERRY_AGENCY_STEP_PENDING, NULL);
    }
  run_next (self);
}

gboolean
ferry_agency_setup_run_finish (FerryAgencySetup  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Object */

static void
ferry_agency_setup_dispose (GObject *object)
{
  FerryAgencySetup *self = FERRY_AGENCY_SETUP (object);

  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->agency);
  g_clear_object (&self->role);

  G_OBJECT_CLASS (ferry_agency_setup_parent_class)->dispose (object);
}

static void
ferry_agency_setup_finalize (GObject *object)
{
  FerryAgencySetup *self = FERRY_AGENCY_SETUP (object);

  g_free (self->name);
  g_free (self->duration);
  g_free (self->description);
  g_strfreev (self->regions);
  g_array_unref (self->steps);
  g_clear_error (&self->first_error);

  G_OBJECT_CLASS (ferry_agency_setup_parent_class)->finalize (object);
}

static void
ferry_agency_setup_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryAgencySetup *self = FERRY_AGENCY_SETUP (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_AGENCY:
      g_value_set_object (value, self->agency);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_agency_setup_class_init (FerryAgencySetupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_agency_setup_dispose;
  object_class->finalize = ferry_agency_setup_finalize;
  object_class->get_property = ferry_agency_setup_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AGENCY] =
    g_param_spec_object ("agency", NULL, NULL, FERRY_TYPE_AGENCY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[STEP_CHANGED] =
    g_signal_new ("step-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ferry_agency_setup_init (FerryAgencySetup *self)
{
  self->steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (self->steps, (GDestroyNotify) step_clear);
}
