/* ferry-agency-window.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-agency-window.h"
#include "ferry-a11y.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-region.h"
#include "ferry-region-catalogue.h"
#include "ferry-text.h"

#define DEFAULT_NAME "ims_administrator_agency"
/* IAM is global: any regional endpoint answers for the whole account. */
#define IAM_REGION   "cn-north-4"

typedef struct
{
  char           *region;
  GtkWidget      *row;
  GtkCheckButton *check;
  GtkImage       *status_icon;
  GtkLabel       *status_label;
} RegionRow;

typedef struct
{
  AdwActionRow *row;
  GtkSpinner   *spinner;
  GtkImage     *icon;
} StepRow;

struct _FerryAgencyWindow
{
  AdwWindow          parent_instance;

  FerryClient       *client;
  FerryAccount      *account;
  GStrv              required;       /* regions the copy needs, locked on */
  char              *open_agency;    /* opened for this agency */
  GCancellable      *cancellable;    /* cancelled once the window is gone */

  GListModel        *agencies;       /* FerryAgency, once loaded */
  FerryAgency       *agency;         /* the one on the check page */
  FerryAgencySetup  *setup;
  GHashTable        *grants;         /* region → FerryGrant */
  gboolean           loading;
  char              *load_error;     /* why the agencies could not be loaded */
  gboolean           list_shown;     /* the list was shown: back leads there */
  gboolean           checking;
  gboolean           checked_once;
  /* The name is the one Ferry proposed, not one the user typed: it moves
   * on to a free one (ims_administrator_agency_2, …) once the agencies
   * are known. */
  gboolean           name_proposed;
  gboolean           proposing;
  char              *proposed_name;
  GPtrArray         *form_rows;      /* RegionRow */
  GPtrArray         *check_rows;     /* RegionRow */
  GPtrArray         *step_rows;      /* StepRow */

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkWidget         *back_button;
  GtkWidget         *create_button;
  GtkStack          *stack;
  AdwPreferencesGroup *list_group;
  GtkListBox        *agency_list;
  GtkWidget         *form_error_group;
  GtkLabel          *form_error_label;
  GtkWidget         *form_reload_button;
  AdwEntryRow       *name_row;
  AdwComboRow       *duration_row;
  AdwEntryRow       *description_row;
  GtkListBox        *form_regions;
  AdwPreferencesGroup *steps_group;
  GtkListBox        *steps_list;
  GtkLabel          *progress_label;
  GtkWidget         *retry_button;
  GtkWidget         *done_button;
  AdwPreferencesGroup *check_group;
  AdwActionRow      *suitability_row;
  GtkImage          *suitability_icon;
  GtkWidget         *check_actions_group;
  GtkWidget         *check_reload_button;
  GtkWidget         *check_create_button;
  GtkWidget         *check_list_button;
  GtkWidget         *check_regions_group;
  GtkListBox        *check_regions;
  GtkWidget         *grant_button;
};

G_DEFINE_FINAL_TYPE (FerryAgencyWindow, ferry_agency_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  AGENCY_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_state (FerryAgencyWindow *self);
static void open_check (FerryAgencyWindow *self, FerryAgency *agency);

static void
region_row_free (RegionRow *row)
{
  g_free (row->region);
  g_free (row);
}

/* Helpers */

static gboolean
is_required (FerryAgencyWindow *self,
             const char        *region)
{
  return self->required != NULL && g_strv_contains ((const char * const *) self->required, region);
}

/* Whether the window is gone (destroyed, maybe not yet disposed): late
 * callbacks then do nothing. */
static gboolean
is_gone (FerryAgencyWindow *self)
{
  return g_cancellable_is_cancelled (self->cancellable) || self->client == NULL;
}

/* A scope is a region id (its default project) or a project's name (a
 * sub-project such as "cn-north-4_dev"), as the copy dialog gives it. */
static FerryProject *
scope_project (FerryAgencyWindow *self,
               const char        *scope)
{
  return ferry_account_lookup_project (self->account, scope);
}

static gboolean
is_sub_project (FerryAgencyWindow *self,
                const char        *scope)
{
  FerryProject *project = scope_project (self, scope);

  return project != NULL && !ferry_project_is_default (project);
}

/* The name of the region of a scope, in the user's language. */
static const char *
region_name (FerryAgencyWindow *self,
             const char        *scope)
{
  FerryProject *project = scope_project (self, scope);
  const char *id = project != NULL && ferry_project_get_region_id (project) != NULL
                   ? ferry_project_get_region_id (project) : scope;
  FerryRegion *r = ferry_region_catalogue_lookup (ferry_client_get_catalogue (self->client), id);

  return r != NULL ? ferry_region_get_name (r) : id;
}

static char *
project_line (FerryAgencyWindow *self,
              const char        *scope)
{
  FerryProject *project = scope_project (self, scope);

  /* Translators: a region's name, then its project's name. */
  return g_strdup_printf (_("%s (project %s)"), region_name (self, scope),
                          project != NULL ? ferry_project_get_name (project) : scope);
}

/* A region's default project goes by the region's name alone; a
 * sub-project by both. */
static char *
scope_title (FerryAgencyWindow *self,
             const char        *scope)
{
  if (is_sub_project (self, scope))
    return project_line (self, scope);
  return g_strdup (region_name (self, scope));
}

static FerryAgency *
lookup_agency (FerryAgencyWindow *self,
               const char        *name)
{
  for (guint i = 0; self->agencies != NULL && i < g_list_model_get_n_items (self->agencies); i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (self->agencies, i);

      if (g_strcmp0 (ferry_agency_get_name (agency), name) == 0)
        return agency;  /* the model keeps it */
    }
  return NULL;
}

static const char *
visible_page (FerryAgencyWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);

  return name != NULL ? name : "";
}

static void
show_page (FerryAgencyWindow *self,
           const char        *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  update_state (self);
}

static void
clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* Region rows: every region where the account has a project, the required
 * ones first, ticked and locked. */

static void show_grants (FerryAgencyWindow *self);

static void
region_toggled_cb (FerryAgencyWindow *self)
{
  if (self->checked_once && g_strcmp0 (visible_page (self), "check") == 0)
    show_grants (self);
  update_state (self);
}

static void
add_region_row (FerryAgencyWindow *self,
                GtkListBox        *list,
                GPtrArray         *rows,
                const char        *region,
                gboolean           with_status)
{
  FerryProject *project = scope_project (self, region);
  RegionRow *r = g_new0 (RegionRow, 1);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = scope_title (self, region);

  r->region = g_strdup (region);
  r->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), title);
  if (is_sub_project (self, region))
    subtitle = g_strdup (is_required (self, region) ? _("Sub-project · needed by the copy")
                                                    : _("Sub-project"));
  else if (is_required (self, region))
    /* Translators: the project's name. */
    subtitle = g_strdup_printf (_("Project %s · needed by the copy"), ferry_project_get_name (project));
  else
    subtitle = g_strdup_printf (_("Project %s"), ferry_project_get_name (project));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (r->row), subtitle);

  r->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (r->check), GTK_ALIGN_CENTER);
  gtk_check_button_set_active (r->check, is_required (self, region));
  gtk_widget_set_sensitive (GTK_WIDGET (r->check), !is_required (self, region));
  g_signal_connect_object (r->check, "toggled", G_CALLBACK (region_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (r->row), GTK_WIDGET (r->check));
  /* libadwaita names the row's activatable widget by its title: a label
   * of its own would have it read twice. */
  if (!is_required (self, region))
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (r->row), GTK_WIDGET (r->check));
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (r->check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    title, -1);

  if (with_status)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      r->status_icon = GTK_IMAGE (gtk_image_new ());
      /* The label beside it says the same in words. */
      gtk_accessible_update_state (GTK_ACCESSIBLE (r->status_icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      r->status_label = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (r->status_label), "caption");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->status_icon));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->status_label));
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (r->row), box);
    }

  gtk_list_box_append (list, r->row);
  g_ptr_array_add (rows, r);
}

static void
build_region_rows (FerryAgencyWindow *self,
                   GtkListBox        *list,
                   GPtrArray         *rows,
                   gboolean           with_status)
{
  GListModel *catalogue = G_LIST_MODEL (ferry_client_get_catalogue (self->client));

  clear_list_box (list);
  g_ptr_array_set_size (rows, 0);
  for (guint i = 0; self->required != NULL && self->required[i] != NULL; i++)
    if (scope_project (self, self->required[i]) != NULL)
      add_region_row (self, list, rows, self->required[i], with_status);
  for (guint i = 0; i < g_list_model_get_n_items (catalogue); i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (catalogue, i);
      const char *id = ferry_region_get_id (region);

      if (!is_required (self, id) && ferry_account_get_region_project (self->account, id) != NULL)
        add_region_row (self, list, rows, id, with_status);
    }
}

static GStrv
ticked_regions (GPtrArray *rows)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      RegionRow *r = g_ptr_array_index (rows, i);

      if (gtk_check_button_get_active (r->check))
        g_strv_builder_add (builder, r->region);
    }
  return g_strv_builder_end (builder);
}

/* State */

static gboolean
is_busy (FerryAgencyWindow *self)
{
  return self->loading || self->checking ||
         (self->setup != NULL && ferry_agency_setup_get_running (self->setup));
}

/* Why the form cannot be sent, or NULL; *shown says whether it is worth an
 * error box (an empty choice of regions is plain to see). */
static char *
form_problem (FerryAgencyWindow *self,
              gboolean          *shown)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  g_auto(GStrv) regions = ticked_regions (self->form_rows);
  glong length = g_utf8_strlen (description, -1);

  *shown = TRUE;
  /* The name cannot be checked against a list that did not load. */
  if (self->load_error != NULL)
    /* Translators: why, a sentence. */
    return g_strdup_printf (_("The agencies could not be loaded, so the name cannot be checked. %s"),
                            self->load_error);
  if (!ferry_agency_setup_is_valid_name (name))
    return g_strdup (_("An agency name is 1 to 64 letters, digits, hyphens, underscores or periods."));
  if (lookup_agency (self, name) != NULL)
    {
      /* Back to the list only where the page has a way back. */
      if (self->required == NULL || self->list_shown)
        return g_strdup_printf (_("An agency named “%s” exists already. Choose another name, or go back to the agencies with the arrow above to check that one."),
                                name);
      return g_strdup_printf (_("An agency named “%s” exists already. Choose another name, or close this window and choose that agency for the copy."),
                              name);
    }
  if (length > FERRY_AGENCY_DESCRIPTION_MAX)
    return g_strdup_printf (_("The description is at most 255 characters long; it has %ld."), length);
  *shown = FALSE;
  if (regions[0] == NULL)
    return g_strdup (_("Choose at least one region."));
  if (self->agencies == NULL)
    return g_strdup (_("Loading the agencies…"));
  return NULL;
}

static void
update_state (FerryAgencyWindow *self)
{
  const char *page = visible_page (self);
  gboolean busy = is_busy (self);
  gboolean running = self->setup != NULL && ferry_agency_setup_get_running (self->setup);
  /* A create may have gone through: nothing but Retry, which finds it. */
  gboolean unknown = self->setup != NULL && ferry_agency_setup_get_create_unknown (self->setup) &&
                     g_strcmp0 (page, "progress") == 0;
  g_autofree char *problem = NULL;
  gboolean shown = FALSE;
  gboolean missing = FALSE;

  /* Signals of the template while it is built come before the session. */
  if (self->client == NULL)
    return;

  gtk_widget_set_visible (self->back_button,
                          (self->required == NULL || self->list_shown) &&
                          g_strcmp0 (page, "list") != 0 && !running && !unknown);
  gtk_widget_set_visible (self->create_button, g_strcmp0 (page, "form") == 0);

  problem = form_problem (self, &shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.create", problem == NULL && !busy);
  gtk_widget_set_tooltip_text (self->create_button, problem);
  gtk_widget_set_visible (self->form_error_group, problem != NULL && shown);
  gtk_widget_set_visible (self->form_reload_button, self->load_error != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.reload", !self->loading);
  gtk_label_set_text (self->form_error_label, problem != NULL && shown ? problem : "");
  ferry_a11y_set_invalid (GTK_WIDGET (self->name_row),
                          problem != NULL && shown && self->load_error == NULL &&
                          (!ferry_agency_setup_is_valid_name (gtk_editable_get_text (GTK_EDITABLE (self->name_row))) ||
                           lookup_agency (self, gtk_editable_get_text (GTK_EDITABLE (self->name_row))) != NULL));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.retry",
                                 self->setup != NULL && !running &&
                                 !ferry_agency_setup_get_complete (self->setup));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.done", !running && !unknown);
  gtk_widget_set_visible (self->done_button, !unknown);

  for (guint i = 0; i < self->check_rows->len; i++)
    {
      RegionRow *r = g_ptr_array_index (self->check_rows, i);
      FerryGrant grant = GPOINTER_TO_INT (g_hash_table_lookup (self->grants, r->region));

      if (grant == FERRY_GRANT_MISSING && gtk_check_button_get_active (r->check))
        missing = TRUE;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.grant-missing",
                                 missing && !busy && self->agency != NULL &&
                                 ferry_agency_trusts_ims (self->agency));

  if (g_strcmp0 (page, "form") == 0)
    adw_window_title_set_title (self->window_title, _("New IMS Agency"));
  else if (g_strcmp0 (page, "list") == 0)
    adw_window_title_set_title (self->window_title, _("IMS Agencies"));
  else if (self->setup != NULL && g_strcmp0 (page, "progress") == 0)
    adw_window_title_set_title (self->window_title, ferry_agency_setup_get_name (self->setup));
  else if (self->agency != NULL)
    adw_window_title_set_title (self->window_title, ferry_agency_get_name (self->agency));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
page_changed_cb (FerryAgencyWindow *self)
{
  update_state (self);
}

static void
form_changed_cb (FerryAgencyWindow *self)
{
  /* Typed by the user: theirs from now on. */
  if (!self->proposing && self->name_row != NULL &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), self->proposed_name) != 0)
    self->name_proposed = FALSE;
  update_state (self);
}

/* The console's example name, or the first of ims_administrator_agency_2,
 * _3, … that no agency of the account has: a form that opens red for a
 * name the user never typed says nothing useful. */
static void
propose_name (FerryAgencyWindow *self)
{
  g_autofree char *name = g_strdup (DEFAULT_NAME);

  for (guint n = 2; lookup_agency (self, name) != NULL; n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s_%u", DEFAULT_NAME, n);
    }
  g_free (self->proposed_name);
  self->proposed_name = g_strdup (name);
  self->proposing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  self->proposing = FALSE;
}

/* The list of agencies */

static void
fill_agency_list (FerryAgencyWindow *self)
{
  clear_list_box (self->agency_list);
  for (guint i = 0; i < g_list_model_get_n_items (self->agencies); i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (self->agencies, i);
      GtkWidget *row = adw_action_row_new ();
      const char *subtitle;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_agency_get_name (agency));
      if (!ferry_agency_trusts_ims (agency))
        subtitle = _("Not delegated to IMS: copies cannot use it");
      else if (ferry_agency_get_description (agency) != NULL)
        subtitle = ferry_agency_get_description (agency);
      else
        subtitle = _("Delegated to IMS");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "agency.check");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", ferry_agency_get_name (agency));
      gtk_list_box_append (self->agency_list, row);
    }
  if (g_list_model_get_n_items (self->agencies) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No agencies yet"));
      gtk_list_box_append (self->agency_list, row);
    }
}

/* The list when it could not be loaded: why, and a way to try again. */
static void
fill_agency_list_error (FerryAgencyWindow *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Retry"));
  GtkWidget *icon;

  clear_list_box (self->agency_list);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The agencies could not be loaded"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), self->load_error);
  icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "agency.reload");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_append (self->agency_list, row);
}

/* The check page when there is no agency to check: the list did not load,
 * or the agency asked for does not exist. */
static void
show_check_problem (FerryAgencyWindow *self,
                    const char        *title,
                    const char        *subtitle,
                    gboolean           not_found)
{
  g_clear_object (&self->agency);
  g_ptr_array_set_size (self->check_rows, 0);
  clear_list_box (self->check_regions);
  adw_preferences_group_set_title (self->check_group, NULL);
  adw_preferences_group_set_description (self->check_group, NULL);
  gtk_image_set_from_icon_name (self->suitability_icon, "dialog-error-symbolic");
  gtk_widget_remove_css_class (GTK_WIDGET (self->suitability_icon), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->suitability_icon), "error");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->suitability_row), title);
  adw_action_row_set_subtitle (self->suitability_row, subtitle);
  gtk_widget_set_visible (self->check_regions_group, FALSE);
  gtk_widget_set_visible (self->grant_button, FALSE);
  gtk_widget_set_visible (self->check_actions_group, TRUE);
  gtk_widget_set_visible (self->check_reload_button, !not_found);
  gtk_widget_set_visible (self->check_create_button, not_found);
  gtk_widget_set_visible (self->check_list_button, not_found);
  show_page (self, "check");
}

static void
agencies_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(FerryAgencyWindow) self = user_data;
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(GError) error = NULL;

  agencies = ferry_iam_list_agencies_finish (FERRY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || is_gone (self))
    return;
  self->loading = FALSE;
  if (agencies == NULL)
    {
      g_free (self->load_error);
      self->load_error = ferry_text_format_error (error);
      fill_agency_list_error (self);
      if (self->open_agency != NULL)
        show_check_problem (self, _("The agencies could not be loaded"), self->load_error, FALSE);
      update_state (self);
      return;
    }
  g_clear_pointer (&self->load_error, g_free);
  g_set_object (&self->agencies, agencies);
  fill_agency_list (self);
  if (self->name_proposed)
    propose_name (self);

  if (self->open_agency != NULL)
    {
      FerryAgency *agency = lookup_agency (self, self->open_agency);
      g_autofree char *name = g_steal_pointer (&self->open_agency);

      if (agency != NULL)
        open_check (self, agency);
      else
        {
          g_autofree char *title = NULL;

          /* Translators: an agency's name. */
          title = g_strdup_printf (_("No agency named “%s”"), name);
          /* Create it offers the name it was looked for by. */
          self->name_proposed = FALSE;
          gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
          show_check_problem (self, title,
                              _("The account has no agency of this name: it may have been deleted. Create it for IMS, or choose another agency."),
                              TRUE);
        }
    }
  update_state (self);
}

static void
load_agencies (FerryAgencyWindow *self)
{
  if (self->loading)
    return;
  self->loading = TRUE;
  g_clear_pointer (&self->load_error, g_free);
  ferry_iam_list_agencies_async (self->client, IAM_REGION, NULL, self->cancellable,
                                 agencies_loaded_cb, g_object_ref (self));
  update_state (self);
}

/* The check page */

static void
show_grants (FerryAgencyWindow *self)
{
  for (guint i = 0; i < self->check_rows->len; i++)
    {
      RegionRow *r = g_ptr_array_index (self->check_rows, i);
      FerryGrant grant = GPOINTER_TO_INT (g_hash_table_lookup (self->grants, r->region));

      switch (grant)
        {
        case FERRY_GRANT_GRANTED:
          gtk_image_set_from_icon_name (r->status_icon, "emblem-ok-symbolic");
          gtk_widget_add_css_class (GTK_WIDGET (r->status_icon), "success");
          gtk_label_set_text (r->status_label, C_("permission", "Granted"));
          break;
        case FERRY_GRANT_MISSING:
          /* A warning only where the agency is meant to work. */
          if (gtk_check_button_get_active (r->check))
            gtk_image_set_from_icon_name (r->status_icon, "dialog-warning-symbolic");
          else
            gtk_image_clear (r->status_icon);
          gtk_widget_remove_css_class (GTK_WIDGET (r->status_icon), "success");
          gtk_widget_add_css_class (GTK_WIDGET (r->status_icon), "warning");
          gtk_label_set_text (r->status_label, C_("permission", "Missing"));
          break;
        case FERRY_GRANT_UNKNOWN:
        default:
          gtk_image_clear (r->status_icon);
          gtk_label_set_text (r->status_label, self->checking ? _("Checking…") : "");
          break;
        }
      /* Opened from the menu: what the agency covers is ticked at first. */
      if (!self->checked_once && grant == FERRY_GRANT_GRANTED)
        gtk_check_button_set_active (r->check, TRUE);
      if (grant == FERRY_GRANT_MISSING && !gtk_check_button_get_active (r->check))
        gtk_widget_add_css_class (GTK_WIDGET (r->status_label), "dim-label");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (r->status_label), "dim-label");
    }
}

static void
grants_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FerryAgencyWindow) self = user_data;
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;

  grants = ferry_iam_check_ims_grants_finish (FERRY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || is_gone (self))
    return;
  self->checking = FALSE;
  if (grants == NULL)
    {
      g_autofree char *text = ferry_text_format_error (error);

      adw_action_row_set_subtitle (self->suitability_row, text);
      gtk_image_set_from_icon_name (self->suitability_icon, "dialog-error-symbolic");
    }
  else
    {
      for (guint i = 0; i < self->check_rows->len; i++)
        {
          RegionRow *r = g_ptr_array_index (self->check_rows, i);

          g_hash_table_insert (self->grants, g_strdup (r->region), GINT_TO_POINTER (grants[i]));
        }
    }
  show_grants (self);
  self->checked_once = TRUE;
  update_state (self);
}

static void
run_check (FerryAgencyWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) regions = NULL;

  for (guint i = 0; i < self->check_rows->len; i++)
    g_strv_builder_add (builder, ((RegionRow *) g_ptr_array_index (self->check_rows, i))->region);
  regions = g_strv_builder_end (builder);

  g_hash_table_remove_all (self->grants);
  self->checking = TRUE;
  show_grants (self);
  ferry_iam_check_ims_grants_async (self->client, self->account, ferry_agency_get_id (self->agency),
                                    (const char * const *) regions, self->cancellable,
                                    grants_checked_cb, g_object_ref (self));
  update_state (self);
}

static void
open_check (FerryAgencyWindow *self,
            FerryAgency       *agency)
{
  gboolean suitable = ferry_agency_trusts_ims (agency);

  g_set_object (&self->agency, agency);
  self->checked_once = self->required != NULL;
  g_hash_table_remove_all (self->grants);
  build_region_rows (self, self->check_regions, self->check_rows, TRUE);

  adw_preferences_group_set_title (self->check_group, ferry_agency_get_name (agency));
  adw_preferences_group_set_description (self->check_group, ferry_agency_get_description (agency));
  if (suitable)
    {
      gtk_image_set_from_icon_name (self->suitability_icon, "emblem-ok-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->suitability_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->suitability_icon), "success");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->suitability_row), _("Delegated to IMS"));
      adw_action_row_set_subtitle (self->suitability_row,
                                   _("IMS may act through this agency. A copy also needs it to hold IMS Administrator in its source and its destination region."));
    }
  else
    {
      g_autofree char *why = NULL;

      gtk_image_set_from_icon_name (self->suitability_icon, "dialog-error-symbolic");
      gtk_widget_remove_css_class (GTK_WIDGET (self->suitability_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->suitability_icon), "error");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->suitability_row), _("Unsuitable for Copies"));
      /* Translators: the account the agency is delegated to, e.g. op_svc_ecs. */
      why = g_strdup_printf (_("This agency is delegated to %s, not to the Image Management Service (op_svc_ims), so IMS cannot act through it, whatever it is granted. Create an agency for IMS instead."),
                             ferry_agency_get_trust_domain_name (agency) != NULL
                             ? ferry_agency_get_trust_domain_name (agency) : "?");
      adw_action_row_set_subtitle (self->suitability_row, why);
    }
  gtk_widget_set_visible (self->check_regions_group, suitable);
  gtk_widget_set_visible (self->grant_button, suitable);
  gtk_widget_set_visible (self->check_actions_group, FALSE);
  show_page (self, "check");
  if (suitable)
    run_check (self);
}

/* The steps */

static void
show_step (FerryAgencyWindow *self,
           guint              index)
{
  StepRow *s = g_ptr_array_index (self->step_rows, index);
  FerryAgencyStepState state = ferry_agency_setup_get_step_state (self->setup, index);
  const GError *error = ferry_agency_setup_get_step_error (self->setup, index);
  g_autofree char *reason = error != NULL ? ferry_text_format_error (error) : NULL;
  const char *icon = NULL;
  const char *status = NULL;

  gtk_spinner_set_spinning (s->spinner, state == FERRY_AGENCY_STEP_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (s->spinner), state == FERRY_AGENCY_STEP_RUNNING);
  gtk_widget_remove_css_class (GTK_WIDGET (s->icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (s->icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (s->icon), "dim-label");
  switch (state)
    {
    case FERRY_AGENCY_STEP_DONE:
      icon = "emblem-ok-symbolic";
      status = C_("agency step", "Done");
      gtk_widget_add_css_class (GTK_WIDGET (s->icon), "success");
      break;
    case FERRY_AGENCY_STEP_FAILED:
      icon = "dialog-error-symbolic";
      status = C_("agency step", "Failed");
      gtk_widget_add_css_class (GTK_WIDGET (s->icon), "error");
      break;
    case FERRY_AGENCY_STEP_RUNNING:
      status = C_("agency step", "In progress");
      break;
    case FERRY_AGENCY_STEP_PENDING:
    default:
      icon = "content-loading-symbolic";
      status = C_("agency step", "Not done");
      gtk_widget_add_css_class (GTK_WIDGET (s->icon), "dim-label");
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (s->icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (s->icon, icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (s->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, status, -1);
  adw_action_row_set_subtitle (s->row, reason != NULL ? reason : "");
}

static void
step_changed_cb (FerryAgencySetup  *setup,
                 guint              index,
                 FerryAgencyWindow *self)
{
  if (is_gone (self))
    return;
  if (setup == self->setup && index < self->step_rows->len)
    show_step (self, index);
  update_state (self);
}

static void
build_step_rows (FerryAgencyWindow *self)
{
  clear_list_box (self->steps_list);
  g_ptr_array_set_size (self->step_rows, 0);
  for (guint i = 0; i < ferry_agency_setup_get_n_steps (self->setup); i++)
    {
      StepRow *s = g_new0 (StepRow, 1);
      g_autofree char *title = ferry_agency_setup_dup_step_title (self->setup, i);
      GtkWidget *prefix = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      s->row = ADW_ACTION_ROW (adw_action_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (s->row), title);
      s->spinner = GTK_SPINNER (gtk_spinner_new ());
      s->icon = GTK_IMAGE (gtk_image_new ());
      gtk_widget_set_size_request (prefix, 16, 16);
      gtk_widget_set_valign (prefix, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (prefix), GTK_WIDGET (s->spinner));
      gtk_box_append (GTK_BOX (prefix), GTK_WIDGET (s->icon));
      adw_action_row_add_prefix (s->row, prefix);
      gtk_list_box_append (self->steps_list, GTK_WIDGET (s->row));
      g_ptr_array_add (self->step_rows, s);
      show_step (self, i);
    }
}

static void
setup_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FerryAgencyWindow) self = user_data;
  FerryAgencySetup *setup = FERRY_AGENCY_SETUP (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (ferry_agency_setup_get_name (setup));

  if ((!ferry_agency_setup_run_finish (setup, result, &error) &&
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) ||
      is_gone (self) || setup != self->setup)
    return;

  gtk_widget_set_visible (self->retry_button, error != NULL);
  if (error == NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("The agency “%s” is ready: it holds IMS Administrator in every region chosen."), name);

      g_autofree char *heading = NULL;

      /* Done: no longer "Granting…", and short enough for a phone. */
      /* Translators: a heading; the agency's name. */
      heading = g_strdup_printf (_("“%s” Is Ready"), name);
      adw_preferences_group_set_title (self->steps_group, heading);
      gtk_label_set_text (self->progress_label, text);
      gtk_button_set_label (GTK_BUTTON (self->done_button), _("_Close"));
      update_state (self);
      g_signal_emit (self, signals[AGENCY_READY], 0, name);
      /* For the copy dialog, which has the agency chosen now: the page
       * stays on what was done, every step ticked, until Close (it
       * closed at once, leaving no word of the grants). */
      if (self->required != NULL)
        {
          gtk_widget_grab_focus (self->done_button);
          return;
        }
      /* From the menu: show it, with its grants, among the others. */
      g_set_object (&self->agency, ferry_agency_setup_get_agency (setup));
      g_free (self->open_agency);
      self->open_agency = g_strdup (name);
      load_agencies (self);
      return;
    }

  if (ferry_agency_setup_get_agency (setup) != NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("The agency “%s” exists, but not every step went through. Retry carries on with the steps not done; the agency is not created again."),
                         name);

      gtk_label_set_text (self->progress_label, text);
      gtk_button_set_label (GTK_BUTTON (self->done_button), _("_Close"));
    }
  else if (ferry_agency_setup_get_create_unknown (setup))
    {
      g_autofree char *text =
        /* Translators: the agency's name. */
        g_strdup_printf (_("Whether the agency “%s” was created is not known: Huawei Cloud’s answer did not come back. Retry looks for it first and carries on with it, so it is never created twice."),
                         name);

      gtk_label_set_text (self->progress_label, text);
    }
  else
    {
      gtk_label_set_text (self->progress_label, _("The agency was not created."));
      gtk_button_set_label (GTK_BUTTON (self->done_button), _("_Back to the Form"));
    }
  update_state (self);
}

static void
start_setup (FerryAgencyWindow *self,
             FerryAgencySetup  *setup,
             const char        *heading)
{
  if (self->setup != NULL)
    g_signal_handlers_disconnect_by_data (self->setup, self);
  g_set_object (&self->setup, setup);
  g_signal_connect_object (setup, "step-changed", G_CALLBACK (step_changed_cb), self, 0);
  adw_preferences_group_set_title (self->steps_group, heading);
  build_step_rows (self);
  gtk_label_set_text (self->progress_label, "");
  gtk_widget_set_visible (self->retry_button, FALSE);
  show_page (self, "progress");
  ferry_agency_setup_run_async (setup, self->cancellable, setup_done_cb, g_object_ref (self));
  update_state (self);
}

/* Actions */

/* The form, with the agencies loaded again: one made since they were
 * loaded (by a create whose answer was lost, say) must count as taken. */
static void
show_form (FerryAgencyWindow *self)
{
  show_page (self, "form");
  load_agencies (self);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  if (is_busy (self) && !self->loading)
    return;
  show_form (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  if (self->setup != NULL && ferry_agency_setup_get_running (self->setup))
    return;
  self->list_shown = TRUE;
  g_clear_pointer (&self->open_agency, g_free);
  show_page (self, "list");
  load_agencies (self);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  load_agencies (FERRY_AGENCY_WINDOW (widget));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_auto(GStrv) regions = ticked_regions (self->form_rows);
  g_autofree char *heading = NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  gboolean shown;
  g_autofree char *problem = form_problem (self, &shown);

  if (problem != NULL || is_busy (self))
    return;

  /* Never a second create of a name whose first one may have gone
   * through: carry on with that setup, which looks it up first. */
  if (self->setup != NULL && ferry_agency_setup_get_create_unknown (self->setup) &&
      g_strcmp0 (ferry_agency_setup_get_name (self->setup), name) == 0)
    {
      show_page (self, "progress");
      gtk_widget_activate_action (widget, "agency.retry", NULL);
      return;
    }

  setup = ferry_agency_setup_new (self->client, self->account, name,
                                  adw_combo_row_get_selected (self->duration_row) == 1
                                  ? FERRY_AGENCY_DURATION_ONE_DAY : FERRY_AGENCY_DURATION_FOREVER,
                                  description, (const char * const *) regions);
  /* Translators: the agency's name. */
  heading = g_strdup_printf (_("Creating “%s”"), name);
  start_setup (self, setup, heading);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  if (self->setup == NULL || ferry_agency_setup_get_running (self->setup))
    return;
  gtk_label_set_text (self->progress_label, "");
  gtk_widget_set_visible (self->retry_button, FALSE);
  ferry_agency_setup_run_async (self->setup, self->cancellable, setup_done_cb, g_object_ref (self));
  update_state (self);
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  if (self->setup != NULL && ferry_agency_setup_get_create_unknown (self->setup))
    return;  /* only Retry: it may exist */
  if (self->setup != NULL && ferry_agency_setup_get_agency (self->setup) == NULL)
    show_form (self);  /* nothing was created: mend the form */
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
check_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);
  FerryAgency *agency = lookup_agency (self, g_variant_get_string (parameter, NULL));

  if (agency != NULL && !is_busy (self))
    open_check (self, agency);
}

static void
grant_response_cb (AdwMessageDialog  *dialog,
                   const char        *response,
                   FerryAgencyWindow *self)
{
  g_autoptr(FerryAgencySetup) setup = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) missing = NULL;
  g_autofree char *heading = NULL;

  if (g_strcmp0 (response, "grant") != 0 || is_gone (self) || self->agency == NULL ||
      is_busy (self))
    return;

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->check_rows->len; i++)
    {
      RegionRow *r = g_ptr_array_index (self->check_rows, i);

      if (gtk_check_button_get_active (r->check) &&
          GPOINTER_TO_INT (g_hash_table_lookup (self->grants, r->region)) == FERRY_GRANT_MISSING)
        g_strv_builder_add (builder, r->region);
    }
  missing = g_strv_builder_end (builder);
  setup = ferry_agency_setup_new_for_agency (self->client, self->account, self->agency,
                                             (const char * const *) missing);
  /* Translators: the agency's name. */
  heading = g_strdup_printf (_("Granting IMS Administrator to “%s”"), ferry_agency_get_name (self->agency));
  start_setup (self, setup, heading);
}

static void
grant_missing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < self->check_rows->len; i++)
    {
      RegionRow *r = g_ptr_array_index (self->check_rows, i);
      g_autofree char *line = NULL;

      if (!gtk_check_button_get_active (r->check) ||
          GPOINTER_TO_INT (g_hash_table_lookup (self->grants, r->region)) != FERRY_GRANT_MISSING)
        continue;
      line = project_line (self, r->region);
      g_string_append_printf (lines, "\n• %s", line);
    }
  if (lines->len == 0 || self->agency == NULL)
    return;

  /* Translators: the agency's name, then one line per project. */
  body = g_strdup_printf (_("IMS Administrator will be granted to “%s” on these projects, and nothing else will change:\n%s"),
                          ferry_agency_get_name (self->agency), lines->str);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Grant Missing Permissions?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "grant", _("_Grant"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "grant",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "grant");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (grant_response_cb), self, 0);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
}

/* Public */

static FerryAgencyWindow *
agency_window_new (GtkWindow          *parent,
                   FerryClient        *client,
                   FerryAccount       *account,
                   const char * const *regions)
{
  FerryAgencyWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);

  self = g_object_new (FERRY_TYPE_AGENCY_WINDOW, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  if (regions != NULL && regions[0] != NULL)
    self->required = g_strdupv ((char **) regions);

  self->name_proposed = TRUE;
  propose_name (self);
  gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                         _("Agency with IMS Administrator permissions"));
  build_region_rows (self, self->form_regions, self->form_rows, FALSE);
  return self;
}

FerryAgencyWindow *
ferry_agency_window_new (GtkWindow          *parent,
                         FerryClient        *client,
                         FerryAccount       *account,
                         const char * const *regions)
{
  FerryAgencyWindow *self = agency_window_new (parent, client, account, regions);

  show_page (self, self->required != NULL ? "form" : "list");
  load_agencies (self);
  return self;
}

FerryAgencyWindow *
ferry_agency_window_new_for_agency (GtkWindow          *parent,
                                    FerryClient        *client,
                                    FerryAccount       *account,
                                    const char         *agency_name,
                                    const char * const *regions)
{
  FerryAgencyWindow *self = agency_window_new (parent, client, account, regions);

  g_return_val_if_fail (agency_name != NULL, self);

  self->open_agency = g_strdup (agency_name);
  adw_window_title_set_title (self->window_title, agency_name);
  show_page (self, "check");
  load_agencies (self);
  return self;
}

const char *
ferry_agency_window_get_page (FerryAgencyWindow *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_WINDOW (self), NULL);
  return visible_page (self);
}

gboolean
ferry_agency_window_get_busy (FerryAgencyWindow *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_WINDOW (self), FALSE);
  return is_busy (self);
}

FerryAgencySetup *
ferry_agency_window_get_setup (FerryAgencyWindow *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_WINDOW (self), NULL);
  return self->setup;
}

FerryGrant
ferry_agency_window_get_grant (FerryAgencyWindow *self,
                               const char        *region)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_WINDOW (self), FERRY_GRANT_UNKNOWN);
  return GPOINTER_TO_INT (g_hash_table_lookup (self->grants, region));
}

/* Object */

static gboolean
ferry_agency_window_close_request (GtkWindow *window)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (ferry_agency_window_parent_class)->close_request (window);
}

/* gtk_window_destroy() (destroy-with-parent too) skips close-request, and
 * dispose waits for the last callback's reference: unrealize is what
 * every way of destroying the window goes through, so cancel there, and
 * the callbacks then return at once. */
static void
ferry_agency_window_unrealize (GtkWidget *widget)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (widget);

  g_cancellable_cancel (self->cancellable);
  GTK_WIDGET_CLASS (ferry_agency_window_parent_class)->unrealize (widget);
}

static void
ferry_agency_window_dispose (GObject *object)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->setup != NULL)
    g_signal_handlers_disconnect_by_data (self->setup, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_AGENCY_WINDOW);
  g_clear_object (&self->setup);
  g_clear_object (&self->agency);
  g_clear_object (&self->agencies);
  g_clear_object (&self->account);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ferry_agency_window_parent_class)->dispose (object);
}

static void
ferry_agency_window_finalize (GObject *object)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (object);

  g_strfreev (self->required);
  g_free (self->open_agency);
  g_free (self->load_error);
  g_free (self->proposed_name);
  /* Kept to the end: late callbacks ask it whether the window is gone. */
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->grants);
  g_ptr_array_unref (self->form_rows);
  g_ptr_array_unref (self->check_rows);
  g_ptr_array_unref (self->step_rows);

  G_OBJECT_CLASS (ferry_agency_window_parent_class)->finalize (object);
}

static void
ferry_agency_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FerryAgencyWindow *self = FERRY_AGENCY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, is_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_agency_window_class_init (FerryAgencyWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_agency_window_dispose;
  object_class->finalize = ferry_agency_window_finalize;
  object_class->get_property = ferry_agency_window_get_property;
  window_class->close_request = ferry_agency_window_close_request;
  widget_class->unrealize = ferry_agency_window_unrealize;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[AGENCY_READY] =
    g_signal_new ("agency-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ferry-agency-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, list_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, agency_list);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, form_error_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, form_reload_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, duration_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, description_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, form_regions);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, steps_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, steps_list);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, done_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, check_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, suitability_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, suitability_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, check_actions_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, check_reload_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, check_create_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, check_list_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, check_regions_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, check_regions);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyWindow, grant_button);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);

  gtk_widget_class_install_action (widget_class, "agency.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "agency.back", NULL, back_action);

  /* As in the copy and account dialogs, and Alt+Left as in GNOME's own
   * pages with a back button. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "agency.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "agency.back", NULL);
  gtk_widget_class_install_action (widget_class, "agency.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "agency.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "agency.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "agency.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "agency.check", "s", check_action);
  gtk_widget_class_install_action (widget_class, "agency.grant-missing", NULL, grant_missing_action);
}

static void
ferry_agency_window_init (FerryAgencyWindow *self)
{
  self->cancellable = g_cancellable_new ();
  self->grants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->form_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) region_row_free);
  self->check_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) region_row_free);
  self->step_rows = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The name in error says why, where it is. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->name_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->form_error_label, NULL,
                                  -1);
}
