/* ferry-agency-form-page.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-agency-form-page.h"
#include "ferry-a11y.h"
#include "ferry-agency-regions.h"
#include "ferry-agency-setup.h"

#define DEFAULT_NAME "ims_administrator_agency"

struct _FerryAgencyFormPage
{
  AdwPreferencesPage  parent_instance;

  FerryClient        *client;
  FerryAccount       *account;
  GStrv               required;
  GListModel         *agencies;       /* FerryAgency, once loaded */
  char               *load_error;
  gboolean            way_back;
  /* The name is the one Ferry proposed, not one the user typed: it moves
   * on to a free one (ims_administrator_agency_2, …) once the agencies
   * are known. */
  gboolean            name_proposed;
  gboolean            proposing;
  char               *proposed_name;
  GPtrArray          *rows;           /* FerryAgencyRegionRow */

  /* Template children */
  GtkWidget          *form_error_group;
  GtkLabel           *form_error_label;
  GtkWidget          *form_reload_button;
  AdwEntryRow        *name_row;
  AdwComboRow        *duration_row;
  AdwEntryRow        *description_row;
  GtkListBox         *form_regions;
};

G_DEFINE_FINAL_TYPE (FerryAgencyFormPage, ferry_agency_form_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
ferry_agency_form_page_dup_problem (FerryAgencyFormPage *self,
                                    gboolean            *shown)
{
  const char *name;
  const char *description;
  g_auto(GStrv) regions = NULL;
  glong length;

  g_return_val_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self), NULL);
  g_return_val_if_fail (shown != NULL, NULL);

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  regions = ferry_agency_region_rows_dup_ticked (self->rows);
  length = g_utf8_strlen (description, -1);

  *shown = TRUE;
  /* The name cannot be checked against a list that did not load. */
  if (self->load_error != NULL)
    /* Translators: why, a sentence. */
    return g_strdup_printf (_("The agencies could not be loaded, so the name cannot be checked. %s"),
                            self->load_error);
  if (!ferry_agency_setup_is_valid_name (name))
    return g_strdup (_("An agency name is 1 to 64 letters, digits, hyphens, underscores or periods."));
  if (ferry_agency_lookup (self->agencies, name) != NULL)
    {
      /* Back to the list only where the page has a way back. */
      if (self->way_back)
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

/* The error box and the name's invalid state, then the window. */
static void
refresh (FerryAgencyFormPage *self)
{
  g_autofree char *problem = NULL;
  gboolean shown = FALSE;
  const char *name;

  /* Signals of the template while it is built come before the context. */
  if (self->client == NULL)
    return;

  problem = ferry_agency_form_page_dup_problem (self, &shown);
  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  gtk_widget_set_visible (self->form_error_group, problem != NULL && shown);
  gtk_widget_set_visible (self->form_reload_button, self->load_error != NULL);
  gtk_label_set_text (self->form_error_label, problem != NULL && shown ? problem : "");
  ferry_a11y_set_invalid (GTK_WIDGET (self->name_row),
                          problem != NULL && shown && self->load_error == NULL &&
                          (!ferry_agency_setup_is_valid_name (name) ||
                           ferry_agency_lookup (self->agencies, name) != NULL));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
form_changed_cb (FerryAgencyFormPage *self)
{
  /* Typed by the user: theirs from now on. */
  if (!self->proposing && self->name_row != NULL &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->name_row)), self->proposed_name) != 0)
    self->name_proposed = FALSE;
  refresh (self);
}

/* The console's example name, or the first of ims_administrator_agency_2,
 * _3, … that no agency of the account has: a form that opens red for a
 * name the user never typed says nothing useful. */
static void
propose_name (FerryAgencyFormPage *self)
{
  g_autofree char *name = g_strdup (DEFAULT_NAME);

  for (guint n = 2; ferry_agency_lookup (self->agencies, name) != NULL; n++)
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

void
ferry_agency_form_page_set_context (FerryAgencyFormPage *self,
                                    FerryClient         *client,
                                    FerryAccount        *account,
                                    const char * const  *required)
{
  g_return_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self));
  g_return_if_fail (FERRY_IS_CLIENT (client));
  g_return_if_fail (FERRY_IS_ACCOUNT (account));
  g_return_if_fail (self->client == NULL);

  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  if (required != NULL && required[0] != NULL)
    self->required = g_strdupv ((char **) required);
  self->way_back = self->required == NULL;

  self->name_proposed = TRUE;
  propose_name (self);
  gtk_editable_set_text (GTK_EDITABLE (self->description_row),
                         _("Agency with IMS Administrator permissions"));
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = ferry_agency_region_rows_build (self->form_regions, client, account,
                                               (const char * const *) self->required, FALSE,
                                               G_CALLBACK (refresh), self);
  refresh (self);
}

void
ferry_agency_form_page_set_agencies (FerryAgencyFormPage *self,
                                     GListModel          *agencies)
{
  g_return_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self));

  g_set_object (&self->agencies, agencies);
  if (self->name_proposed)
    propose_name (self);
  refresh (self);
}

void
ferry_agency_form_page_set_load_error (FerryAgencyFormPage *self,
                                       const char          *message)
{
  g_return_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self));

  if (g_strcmp0 (self->load_error, message) == 0)
    return;
  g_free (self->load_error);
  self->load_error = g_strdup (message);
  refresh (self);
}

void
ferry_agency_form_page_set_way_back (FerryAgencyFormPage *self,
                                     gboolean             way_back)
{
  g_return_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self));

  if (self->way_back == !!way_back)
    return;
  self->way_back = !!way_back;
  refresh (self);
}

void
ferry_agency_form_page_set_name (FerryAgencyFormPage *self,
                                 const char          *name)
{
  g_return_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self));

  self->name_proposed = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
}

void
ferry_agency_form_page_focus_name (FerryAgencyFormPage *self)
{
  g_return_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

const char *
ferry_agency_form_page_get_name (FerryAgencyFormPage *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

const char *
ferry_agency_form_page_get_description (FerryAgencyFormPage *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->description_row));
}

const char *
ferry_agency_form_page_get_duration (FerryAgencyFormPage *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self), NULL);

  return adw_combo_row_get_selected (self->duration_row) == 1
         ? FERRY_AGENCY_DURATION_ONE_DAY : FERRY_AGENCY_DURATION_FOREVER;
}

GStrv
ferry_agency_form_page_dup_regions (FerryAgencyFormPage *self)
{
  g_return_val_if_fail (FERRY_IS_AGENCY_FORM_PAGE (self), NULL);

  return ferry_agency_region_rows_dup_ticked (self->rows);
}

static void
ferry_agency_form_page_dispose (GObject *object)
{
  FerryAgencyFormPage *self = FERRY_AGENCY_FORM_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_AGENCY_FORM_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->agencies);
  g_clear_object (&self->account);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (ferry_agency_form_page_parent_class)->dispose (object);
}

static void
ferry_agency_form_page_finalize (GObject *object)
{
  FerryAgencyFormPage *self = FERRY_AGENCY_FORM_PAGE (object);

  g_strfreev (self->required);
  g_free (self->load_error);
  g_free (self->proposed_name);

  G_OBJECT_CLASS (ferry_agency_form_page_parent_class)->finalize (object);
}

static void
ferry_agency_form_page_class_init (FerryAgencyFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_agency_form_page_dispose;
  object_class->finalize = ferry_agency_form_page_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ferry-agency-form-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyFormPage, form_error_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyFormPage, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyFormPage, form_reload_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyFormPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyFormPage, duration_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyFormPage, description_row);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyFormPage, form_regions);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
}

static void
ferry_agency_form_page_init (FerryAgencyFormPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The name in error says why, where it is. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->name_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->form_error_label, NULL,
                                  -1);
}
