/* ferry-agency-regions.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-agency-regions.h"
#include "ferry-region.h"
#include "ferry-region-catalogue.h"

static gboolean
is_required (const char * const *required,
             const char         *scope)
{
  return required != NULL && g_strv_contains (required, scope);
}

static gboolean
is_sub_project (FerryAccount *account,
                const char   *scope)
{
  FerryProject *project = ferry_account_lookup_project (account, scope);

  return project != NULL && !ferry_project_is_default (project);
}

/* The name of the region of a scope, in the user's language. */
static const char *
region_name (FerryClient  *client,
             FerryAccount *account,
             const char   *scope)
{
  FerryProject *project = ferry_account_lookup_project (account, scope);
  const char *id = project != NULL && ferry_project_get_region_id (project) != NULL
                   ? ferry_project_get_region_id (project) : scope;
  FerryRegion *r = ferry_region_catalogue_lookup (ferry_client_get_catalogue (client), id);

  return r != NULL ? ferry_region_get_name (r) : id;
}

char *
ferry_agency_scope_dup_project_line (FerryClient  *client,
                                     FerryAccount *account,
                                     const char   *scope)
{
  FerryProject *project = ferry_account_lookup_project (account, scope);

  /* Translators: a region's name, then its project's name. */
  return g_strdup_printf (_("%s (project %s)"), region_name (client, account, scope),
                          project != NULL ? ferry_project_get_name (project) : scope);
}

/* A region's default project goes by the region's name alone; a
 * sub-project by both. */
static char *
scope_title (FerryClient  *client,
             FerryAccount *account,
             const char   *scope)
{
  if (is_sub_project (account, scope))
    return ferry_agency_scope_dup_project_line (client, account, scope);
  return g_strdup (region_name (client, account, scope));
}

static void
region_row_free (FerryAgencyRegionRow *row)
{
  g_free (row->region);
  g_free (row);
}

static void
add_region_row (GtkListBox         *list,
                GPtrArray          *rows,
                FerryClient        *client,
                FerryAccount       *account,
                const char * const *required,
                const char         *region,
                gboolean            with_status,
                GCallback           toggled,
                gpointer            data)
{
  FerryProject *project = ferry_account_lookup_project (account, region);
  FerryAgencyRegionRow *r = g_new0 (FerryAgencyRegionRow, 1);
  g_autofree char *subtitle = NULL;
  g_autofree char *title = scope_title (client, account, region);
  gboolean needed = is_required (required, region);

  r->region = g_strdup (region);
  r->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (r->row), title);
  if (is_sub_project (account, region))
    subtitle = g_strdup (needed ? _("Sub-project · needed by the copy") : _("Sub-project"));
  else if (needed)
    /* Translators: the project's name. */
    subtitle = g_strdup_printf (_("Project %s · needed by the copy"), ferry_project_get_name (project));
  else
    subtitle = g_strdup_printf (_("Project %s"), ferry_project_get_name (project));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (r->row), subtitle);

  r->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  gtk_widget_set_valign (GTK_WIDGET (r->check), GTK_ALIGN_CENTER);
  gtk_check_button_set_active (r->check, needed);
  gtk_widget_set_sensitive (GTK_WIDGET (r->check), !needed);
  g_signal_connect_object (r->check, "toggled", toggled, data, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (r->row), GTK_WIDGET (r->check));
  /* libadwaita names the row's activatable widget by its title: a label
   * of its own would have it read twice. */
  if (!needed)
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

GPtrArray *
ferry_agency_region_rows_build (GtkListBox         *list,
                                FerryClient        *client,
                                FerryAccount       *account,
                                const char * const *required,
                                gboolean            with_status,
                                GCallback           toggled,
                                gpointer            data)
{
  GListModel *catalogue = G_LIST_MODEL (ferry_client_get_catalogue (client));
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) region_row_free);

  ferry_agency_clear_list_box (list);
  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    if (ferry_account_lookup_project (account, required[i]) != NULL)
      add_region_row (list, rows, client, account, required, required[i], with_status, toggled, data);
  for (guint i = 0; i < g_list_model_get_n_items (catalogue); i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (catalogue, i);
      const char *id = ferry_region_get_id (region);

      if (!is_required (required, id) && ferry_account_get_region_project (account, id) != NULL)
        add_region_row (list, rows, client, account, required, id, with_status, toggled, data);
    }
  return rows;
}

GStrv
ferry_agency_region_rows_dup_ticked (GPtrArray *rows)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      FerryAgencyRegionRow *r = g_ptr_array_index (rows, i);

      if (gtk_check_button_get_active (r->check))
        g_strv_builder_add (builder, r->region);
    }
  return g_strv_builder_end (builder);
}

FerryAgency *
ferry_agency_lookup (GListModel *agencies,
                     const char *name)
{
  for (guint i = 0; agencies != NULL && i < g_list_model_get_n_items (agencies); i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, i);

      if (g_strcmp0 (ferry_agency_get_name (agency), name) == 0)
        return agency;  /* the model keeps it */
    }
  return NULL;
}

void
ferry_agency_clear_list_box (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}
