/* ferry-copy-agency-section.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-copy-agency-section.h"
#include "ferry-copy-choice.h"
#include "ferry-text.h"

struct _FerryCopyAgencySection
{
  AdwPreferencesGroup  parent_instance;

  FerryCopyContext     context;
  gboolean             in_region;
  GStrv                scopes;             /* the source's, then each destination's */

  /* The agency list and the check each have their own, cancelled when
   * superseded, when the section goes and when the dialog closes. */
  GCancellable        *agencies_cancellable;
  GCancellable        *check_cancellable;

  gboolean             agencies_loading;
  GError              *agencies_error;
  char                *wanted_agency;      /* to select once the agencies are in */

  gboolean             checking;
  /* What the check in flight asks: the same question is not asked again. */
  char                *checking_agency_id;
  GStrv                checking_scopes;
  GError              *check_error;

  /* Template children */
  AdwComboRow         *agency_row;
  GtkSpinner          *agency_spinner;
  GtkWidget           *agency_refresh_button;
  AdwActionRow        *check_row;
  GtkStack            *check_icon_stack;
  GtkSpinner          *check_spinner;
  GtkWidget           *check_retry_button;
  GtkWidget           *repair_row;
  GtkWidget           *create_agency_row;
  GtkLabel            *agency_message;
};

static void ferry_copy_agency_section_iface_init (FerryCopySectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryCopyAgencySection, ferry_copy_agency_section,
                               ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_COPY_SECTION,
                                                      ferry_copy_agency_section_iface_init))

static void update_rows (FerryCopyAgencySection *self);

/* A new cancellable of the section's, cancelled with the dialog's too. */
static GCancellable *
new_cancellable (FerryCopyAgencySection *self)
{
  GCancellable *cancellable = g_cancellable_new ();

  if (self->context.cancellable != NULL)
    g_signal_connect_object (self->context.cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             cancellable, G_CONNECT_SWAPPED);
  return cancellable;
}

static void
changed (FerryCopyAgencySection *self)
{
  update_rows (self);
  ferry_copy_section_changed (FERRY_COPY_SECTION (self));
}

/* Whether @scope names a sub-project rather than a region. */
static gboolean
scope_is_sub_project (FerryCopyAgencySection *self,
                      const char             *scope)
{
  return ferry_region_catalogue_lookup (ferry_client_get_catalogue (self->context.client), scope) == NULL;
}

/* A scope for people: the region's name, and the project's for a
 * sub-project. */
static char *
describe_scope (FerryCopyAgencySection *self,
                const char             *scope)
{
  FerryRegionCatalogue *catalogue = ferry_client_get_catalogue (self->context.client);
  FerryRegion *region = ferry_region_catalogue_lookup (catalogue, scope);
  FerryProject *project;

  if (region != NULL)
    return g_strdup (ferry_region_get_name (region));

  project = ferry_account_lookup_project (self->context.account, scope);
  region = project != NULL && ferry_project_get_region_id (project) != NULL
    ? ferry_region_catalogue_lookup (catalogue, ferry_project_get_region_id (project)) : NULL;
  if (region == NULL)
    return g_strdup (scope);
  /* Translators: a region's name, then the name of one of its projects. */
  return g_strdup_printf (_("%s (project %s)"), ferry_region_get_name (region), scope);
}

static char *
format_scope_list (FerryCopyAgencySection *self,
                   GPtrArray              *scopes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < scopes->len; i++)
    {
      g_autofree char *name = describe_scope (self, g_ptr_array_index (scopes, i));

      g_strv_builder_add (builder, name);
    }
  names = g_strv_builder_end (builder);
  /* Translators: the separator of a list of region names. */
  return g_strjoinv (_(", "), names);
}

static FerryGrant
get_grant (FerryCopyAgencySection *self,
           FerryAgency            *agency,
           const char             *scope)
{
  return ferry_copy_cache_get_grant (self->context.cache, ferry_agency_get_id (agency), scope);
}

/* Loading and checking */

static void
show_agencies (FerryCopyAgencySection *self,
               GListModel             *agencies)
{
  g_autoptr(GListStore) choices = g_list_store_new (FERRY_TYPE_COPY_CHOICE);
  FerryAgency *current = ferry_copy_agency_section_get_agency (self);
  g_autofree char *preferred = g_strdup (self->wanted_agency != NULL ? self->wanted_agency
                                         : current != NULL ? ferry_agency_get_name (current) : NULL);

  for (guint i = 0; agencies != NULL && i < g_list_model_get_n_items (agencies); i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, i);
      g_autoptr(FerryCopyChoice) choice = NULL;
      const char *reason = NULL;

      if (!ferry_agency_trusts_ims (agency))
        reason = _("Not an agency for the Image Management Service.");
      choice = ferry_copy_choice_new (ferry_agency_get_name (agency),
                                      ferry_agency_get_description (agency), reason, agency);
      g_list_store_append (choices, choice);
    }
  ferry_copy_choice_row_set_choices (self->agency_row, G_LIST_MODEL (choices),
                                     GTK_INVALID_LIST_POSITION, preferred);
  g_clear_pointer (&self->wanted_agency, g_free);
}

static void
list_agencies_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FerryCopyAgencySection *self = user_data;
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;

  agencies = ferry_iam_list_agencies_finish (FERRY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->agencies_loading = FALSE;
  g_clear_object (&self->agencies_cancellable);
  if (agencies == NULL)
    g_propagate_error (&self->agencies_error, g_steal_pointer (&error));
  else
    ferry_copy_cache_set_agencies (self->context.cache, agencies);
  show_agencies (self, agencies);
  ferry_copy_agency_section_check (self);
  changed (self);
}

static void
cancel_check (FerryCopyAgencySection *self)
{
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_error (&self->check_error);
  g_clear_pointer (&self->checking_agency_id, g_free);
  g_clear_pointer (&self->checking_scopes, g_strfreev);
  self->checking = FALSE;
}

void
ferry_copy_agency_section_load (FerryCopyAgencySection *self,
                                gboolean                refresh)
{
  GListModel *cached;

  g_return_if_fail (FERRY_IS_COPY_AGENCY_SECTION (self));

  g_clear_error (&self->agencies_error);
  if (refresh)
    {
      /* Whatever is on its way may predate what the refresh is for (an
       * agency just made, a grant just given): a list in flight would
       * fill the cache again with the old agencies, a check in flight
       * would write its old grants after they were forgotten. Both are
       * dropped and asked again. */
      g_cancellable_cancel (self->agencies_cancellable);
      g_clear_object (&self->agencies_cancellable);
      self->agencies_loading = FALSE;
      cancel_check (self);
      ferry_copy_cache_set_agencies (self->context.cache, NULL);
      ferry_copy_cache_forget_grants (self->context.cache);
    }
  cached = ferry_copy_cache_get_agencies (self->context.cache);
  if (cached != NULL)
    {
      show_agencies (self, cached);
      ferry_copy_agency_section_check (self);
      changed (self);
      return;
    }

  if (!self->agencies_loading)
    {
      self->agencies_loading = TRUE;
      self->agencies_cancellable = new_cancellable (self);
      ferry_iam_list_agencies_async (self->context.client, self->context.source_region, NULL,
                                     self->agencies_cancellable, list_agencies_cb, self);
    }
  changed (self);
}

typedef struct
{
  FerryCopyAgencySection *self;
  GStrv                   scopes;
  char                   *agency_id;
} Check;

static void
check_free (Check *check)
{
  g_strfreev (check->scopes);
  g_free (check->agency_id);
  g_free (check);
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Check *check = user_data;
  FerryCopyAgencySection *self = check->self;
  g_autoptr(GError) error = NULL;
  g_autofree FerryGrant *grants = NULL;

  grants = ferry_iam_check_ims_grants_finish (FERRY_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      check_free (check);
      return;
    }

  self->checking = FALSE;
  g_clear_object (&self->check_cancellable);
  g_clear_pointer (&self->checking_agency_id, g_free);
  g_clear_pointer (&self->checking_scopes, g_strfreev);
  if (grants == NULL)
    g_propagate_error (&self->check_error, g_steal_pointer (&error));
  else
    for (guint i = 0; check->scopes[i] != NULL; i++)
      ferry_copy_cache_set_grant (self->context.cache, check->agency_id, check->scopes[i], grants[i]);
  check_free (check);
  changed (self);
}

void
ferry_copy_agency_section_check (FerryCopyAgencySection *self)
{
  FerryAgency *agency;
  g_autoptr(GStrvBuilder) unknown = NULL;
  Check *check;

  g_return_if_fail (FERRY_IS_COPY_AGENCY_SECTION (self));

  agency = ferry_copy_agency_section_get_agency (self);
  if (agency == NULL || self->in_region || self->scopes == NULL || !ferry_agency_trusts_ims (agency))
    {
      cancel_check (self);
      return;
    }

  unknown = g_strv_builder_new ();
  check = g_new0 (Check, 1);
  for (guint i = 0; self->scopes[i] != NULL; i++)
    if (get_grant (self, agency, self->scopes[i]) == FERRY_GRANT_UNKNOWN)
      g_strv_builder_add (unknown, self->scopes[i]);
  check->scopes = g_strv_builder_end (unknown);
  /* The choice came back to the question on its way (the regions arrived,
   * the same row was chosen again): its answer is the one wanted. */
  if (self->checking && g_strcmp0 (self->checking_agency_id, ferry_agency_get_id (agency)) == 0 &&
      g_strv_equal ((const char * const *) self->checking_scopes, (const char * const *) check->scopes))
    {
      check_free (check);
      return;
    }
  cancel_check (self);
  if (check->scopes[0] == NULL)
    {
      check_free (check);
      return;
    }

  check->self = self;
  check->agency_id = g_strdup (ferry_agency_get_id (agency));
  self->checking = TRUE;
  self->checking_agency_id = g_strdup (check->agency_id);
  self->checking_scopes = g_strdupv (check->scopes);
  self->check_cancellable = new_cancellable (self);
  ferry_iam_check_ims_grants_async (self->context.client, self->context.account, check->agency_id,
                                    (const char * const *) check->scopes,
                                    self->check_cancellable, check_done_cb, check);
}

/* What it shows */

static void
update_check_row (FerryCopyAgencySection *self)
{
  FerryAgency *agency = ferry_copy_agency_section_get_agency (self);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GPtrArray) granted = g_ptr_array_new ();
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autofree char *text = NULL;
  const char *icon = "none";
  gboolean unknown = FALSE;

  gtk_widget_set_visible (self->check_retry_button, FALSE);
  gtk_widget_set_visible (self->repair_row, FALSE);

  if (agency == NULL)
    text = g_strdup (_("Choose an agency to check its permissions."));
  else if (self->checking)
    {
      g_autofree char *list = NULL;

      for (guint i = 0; self->scopes != NULL && self->scopes[i] != NULL; i++)
        g_ptr_array_add (all, self->scopes[i]);
      list = format_scope_list (self, all);
      icon = "checking";
      text = g_strdup_printf (_("Checking in %s…"), list);
    }
  else if (self->check_error != NULL)
    {
      icon = "missing";
      text = ferry_text_format_error (self->check_error);
      gtk_widget_set_visible (self->check_retry_button, TRUE);
    }
  else
    {
      for (guint i = 0; self->scopes != NULL && self->scopes[i] != NULL; i++)
        {
          switch (get_grant (self, agency, self->scopes[i]))
            {
            case FERRY_GRANT_GRANTED:
              g_ptr_array_add (granted, self->scopes[i]);
              break;
            case FERRY_GRANT_MISSING:
              g_ptr_array_add (missing, self->scopes[i]);
              break;
            case FERRY_GRANT_UNKNOWN:
            default:
              unknown = TRUE;
              break;
            }
        }

      if (missing->len > 0)
        {
          g_autofree char *list = format_scope_list (self, missing);

          icon = "missing";
          text = g_strdup_printf (_("Missing in %s"), list);
          gtk_widget_set_visible (self->repair_row, TRUE);
        }
      else if (unknown)
        text = g_strdup (_("Not checked yet."));
      else
        {
          g_autofree char *list = format_scope_list (self, granted);

          icon = "granted";
          text = g_strdup_printf (_("Granted in %s"), list);
        }
    }

  gtk_stack_set_visible_child_name (self->check_icon_stack, icon);
  gtk_spinner_set_spinning (self->check_spinner, g_str_equal (icon, "checking"));
  adw_action_row_set_subtitle (self->check_row, text);
}

static void
update_rows (FerryCopyAgencySection *self)
{
  GListModel *model = adw_combo_row_get_model (self->agency_row);

  if (self->context.client == NULL)
    return;

  gtk_spinner_set_spinning (self->agency_spinner, self->agencies_loading);
  gtk_widget_set_visible (GTK_WIDGET (self->agency_spinner), self->agencies_loading);
  if (self->agencies_loading)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->agency_row), _("Loading the agencies…"));
  else if (self->agencies_error != NULL)
    {
      g_autofree char *text = ferry_text_format_error (self->agencies_error);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->agency_row), text);
    }
  else if (model == NULL || g_list_model_get_n_items (model) == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->agency_row),
                                 _("This account has no agencies yet: create one."));
  else if (ferry_copy_agency_section_get_agency (self) == NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->agency_row),
                                 _("No agency of this account is for the Image Management Service: create one."));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->agency_row), NULL);
  update_check_row (self);
}

static void
agency_selected_cb (FerryCopyAgencySection *self)
{
  if (!ferry_copy_choice_row_take_selection (self->agency_row))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->agency_message), FALSE);
  ferry_copy_agency_section_check (self);
  changed (self);
}

/* FerryCopySection */

static void
ferry_copy_agency_section_set_context (FerryCopySection       *section,
                                       const FerryCopyContext *context)
{
  FerryCopyAgencySection *self = FERRY_COPY_AGENCY_SECTION (section);

  self->context = *context;
}

static void
ferry_copy_agency_section_set_destination (FerryCopySection           *section,
                                           const FerryCopyDestination *destination)
{
  FerryCopyAgencySection *self = FERRY_COPY_AGENCY_SECTION (section);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  /* The source (the source region's default project, which owns the
   * images), then every destination. */
  g_strv_builder_add (builder, self->context.source_region);
  if (!destination->in_region)
    g_strv_builder_addv (builder, (const char **) destination->scopes);
  g_strfreev (self->scopes);
  self->scopes = g_strv_builder_end (builder);
  self->in_region = destination->in_region;
  ferry_copy_agency_section_check (self);
  update_rows (self);
}

static FerryCopySectionState
ferry_copy_agency_section_get_state (FerryCopySection  *section,
                                     char             **message)
{
  FerryCopyAgencySection *self = FERRY_COPY_AGENCY_SECTION (section);

  if (self->agencies_loading)
    {
      *message = g_strdup (_("Loading the agencies…"));
      return FERRY_COPY_SECTION_LOADING;
    }
  if (self->agencies_error != NULL)
    {
      *message = ferry_text_format_error (self->agencies_error);
      return FERRY_COPY_SECTION_FAILED;
    }
  if (self->checking)
    {
      *message = g_strdup (_("Checking the agency’s permissions…"));
      return FERRY_COPY_SECTION_LOADING;
    }
  if (self->check_error != NULL)
    {
      g_autofree char *text = ferry_text_format_error (self->check_error);

      *message = g_strdup_printf (_("The agency’s permissions could not be checked: %s"), text);
      return FERRY_COPY_SECTION_FAILED;
    }
  return FERRY_COPY_SECTION_READY;
}

/* The agency chosen and, as the session's cache knows them, its grants on
 * the source and on every destination's project: the service checks the
 * agency on the project the copy names, and a region's grant does not
 * reach its sub-projects. */
static void
ferry_copy_agency_section_tell_plan (FerryCopySection *section,
                                     FerryCopyPlan    *plan)
{
  FerryCopyAgencySection *self = FERRY_COPY_AGENCY_SECTION (section);
  FerryAgency *agency = ferry_copy_agency_section_get_agency (self);

  ferry_copy_plan_set_agency (plan, agency);
  for (guint i = 0; agency != NULL && self->scopes != NULL && self->scopes[i] != NULL; i++)
    ferry_copy_plan_set_grant (plan, self->scopes[i], get_grant (self, agency, self->scopes[i]));
}

static void
ferry_copy_agency_section_iface_init (FerryCopySectionInterface *iface)
{
  iface->set_context = ferry_copy_agency_section_set_context;
  iface->set_destination = ferry_copy_agency_section_set_destination;
  iface->get_state = ferry_copy_agency_section_get_state;
  iface->tell_plan = ferry_copy_agency_section_tell_plan;
}

/* GObject */

static void
ferry_copy_agency_section_dispose (GObject *object)
{
  FerryCopyAgencySection *self = FERRY_COPY_AGENCY_SECTION (object);

  g_cancellable_cancel (self->agencies_cancellable);
  g_clear_object (&self->agencies_cancellable);
  cancel_check (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_COPY_AGENCY_SECTION);

  G_OBJECT_CLASS (ferry_copy_agency_section_parent_class)->dispose (object);
}

static void
ferry_copy_agency_section_finalize (GObject *object)
{
  FerryCopyAgencySection *self = FERRY_COPY_AGENCY_SECTION (object);

  g_clear_pointer (&self->scopes, g_strfreev);
  g_clear_pointer (&self->wanted_agency, g_free);
  g_clear_error (&self->agencies_error);
  g_clear_error (&self->check_error);

  G_OBJECT_CLASS (ferry_copy_agency_section_parent_class)->finalize (object);
}

static void
ferry_copy_agency_section_class_init (FerryCopyAgencySectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_copy_agency_section_dispose;
  object_class->finalize = ferry_copy_agency_section_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/imageferry/Ferry/ui/ferry-copy-agency-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, agency_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, agency_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, agency_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, check_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, check_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, check_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, check_retry_button);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, repair_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, create_agency_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyAgencySection, agency_message);
}

static void
ferry_copy_agency_section_init (FerryCopyAgencySection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_copy_choice_setup_row (self->agency_row);
  g_signal_connect_object (self->agency_row, "notify::selected", G_CALLBACK (agency_selected_cb), self,
                           G_CONNECT_SWAPPED);
}

/* Public */

FerryAgency *
ferry_copy_agency_section_get_agency (FerryCopyAgencySection *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_AGENCY_SECTION (self), NULL);

  return ferry_copy_choice_row_get_item (self->agency_row);
}

void
ferry_copy_agency_section_select (FerryCopyAgencySection *self,
                                  const char             *agency_name)
{
  g_return_if_fail (FERRY_IS_COPY_AGENCY_SECTION (self));

  g_free (self->wanted_agency);
  self->wanted_agency = g_strdup (agency_name);
  gtk_widget_set_visible (GTK_WIDGET (self->agency_message), FALSE);
  ferry_copy_agency_section_load (self, TRUE);
}

void
ferry_copy_agency_section_set_message (FerryCopyAgencySection *self,
                                       const char             *text)
{
  g_return_if_fail (FERRY_IS_COPY_AGENCY_SECTION (self));

  gtk_label_set_text (self->agency_message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->agency_message), text != NULL);
}

char *
ferry_copy_agency_section_dup_sub_project_reason (FerryCopyAgencySection *self,
                                                  guint                   destination)
{
  FerryAgency *agency;
  const char *scope;
  g_autofree char *where = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_AGENCY_SECTION (self), NULL);

  agency = ferry_copy_agency_section_get_agency (self);
  if (agency == NULL || self->scopes == NULL || destination + 1 >= g_strv_length (self->scopes))
    return NULL;
  scope = self->scopes[destination + 1];
  if (!scope_is_sub_project (self, scope))
    return NULL;
  where = describe_scope (self, scope);
  return g_strdup_printf (_("The agency “%s” lacks IMS Administrator in %s."),
                          ferry_agency_get_name (agency), where);
}
