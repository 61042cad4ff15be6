/* ferry-agency-list-page.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-agency-list-page.h"
#include "ferry-agency-regions.h"
#include "ferry-iam.h"

struct _FerryAgencyListPage
{
  AdwPreferencesPage  parent_instance;

  /* Template children */
  GtkListBox         *agency_list;
};

G_DEFINE_FINAL_TYPE (FerryAgencyListPage, ferry_agency_list_page, ADW_TYPE_PREFERENCES_PAGE)

void
ferry_agency_list_page_set_agencies (FerryAgencyListPage *self,
                                     GListModel          *agencies)
{
  g_return_if_fail (FERRY_IS_AGENCY_LIST_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (agencies));

  ferry_agency_clear_list_box (self->agency_list);
  for (guint i = 0; i < g_list_model_get_n_items (agencies); i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, i);
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
  if (g_list_model_get_n_items (agencies) == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No agencies yet"));
      gtk_list_box_append (self->agency_list, row);
    }
}

void
ferry_agency_list_page_set_error (FerryAgencyListPage *self,
                                  const char          *message)
{
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *icon;

  g_return_if_fail (FERRY_IS_AGENCY_LIST_PAGE (self));

  row = adw_action_row_new ();
  button = gtk_button_new_with_mnemonic (_("_Retry"));
  ferry_agency_clear_list_box (self->agency_list);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The agencies could not be loaded"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message);
  icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "agency.reload");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_list_box_append (self->agency_list, row);
}

static void
ferry_agency_list_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FERRY_TYPE_AGENCY_LIST_PAGE);

  G_OBJECT_CLASS (ferry_agency_list_page_parent_class)->dispose (object);
}

static void
ferry_agency_list_page_class_init (FerryAgencyListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_agency_list_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ferry-agency-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyListPage, agency_list);
}

static void
ferry_agency_list_page_init (FerryAgencyListPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
