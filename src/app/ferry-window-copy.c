/* ferry-window-copy.c: what the main window does for copies: the Copy
 * button and its dialog, the agency windows, and "Show in Destination"
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-a11y.h"
#include "ferry-agency-window.h"
#include "ferry-copy-cache.h"
#include "ferry-copy-dialog.h"
#include "ferry-window-private.h"

/* The Copy button */

void
ferry_window_update_copy_action (FerryWindow *self)
{
  g_autofree char *hint = NULL;

  /* Signals of the template may come before its children are bound. */
  if (self->images_page == NULL || self->copy_button == NULL)
    return;

  /* Any selection opens the dialog, even one the rules forbid to leave
   * the region: the dialog shows every reason next to its option, and an
   * in-region copy may still be possible. The tooltip says it first. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-image",
                                 self->queue != NULL && self->client != NULL && self->account != NULL &&
                                 ferry_images_page_get_selected_image (self->images_page) != NULL);
  g_object_get (self->images_page, "copy-hint", &hint, NULL);
  gtk_widget_set_tooltip_text (self->copy_button, hint);
}

static void
copy_submitted_cb (FerryCopyDialog *dialog,
                   guint            n_tasks,
                   FerryWindow     *self)
{
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%u copy added", "%u copies added",
                                                         n_tasks),
                                            n_tasks);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("View Tasks"));
  adw_toast_set_action_name (toast, "win.show-tasks");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
agency_ready_cb (FerryCopyDialog   *dialog,
                 const char        *agency_name,
                 FerryAgencyWindow *agency_window)
{
  ferry_copy_dialog_select_agency (dialog, agency_name);
}

/* The agency page over the copy's regions: the source and every
 * destination chosen so far, all of them required. */
static void
open_agency_window (FerryWindow     *self,
                    FerryCopyDialog *dialog,
                    const char      *agency_name)
{
  g_auto(GStrv) destinations = ferry_copy_dialog_dup_destination_regions (dialog);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) regions = NULL;
  FerryAgencyWindow *agency_window;

  g_strv_builder_add (builder, ferry_copy_dialog_get_source_region (dialog));
  if (destinations != NULL)
    g_strv_builder_addv (builder, (const char **) destinations);
  regions = g_strv_builder_end (builder);

  if (agency_name != NULL)
    agency_window = ferry_agency_window_new_for_agency (GTK_WINDOW (dialog), self->client, self->account,
                                                        agency_name, (const char * const *) regions);
  else
    agency_window = ferry_agency_window_new (GTK_WINDOW (dialog), self->client, self->account,
                                             (const char * const *) regions);
  g_signal_connect_object (agency_window, "agency-ready", G_CALLBACK (agency_ready_cb),
                           dialog, G_CONNECT_SWAPPED);
  ferry_a11y_present_dialog (GTK_WINDOW (agency_window));
}

static void
create_agency_requested_cb (FerryWindow     *self,
                            FerryCopyDialog *dialog)
{
  open_agency_window (self, dialog, NULL);
}

static void
repair_agency_requested_cb (FerryWindow     *self,
                            FerryCopyDialog *dialog)
{
  open_agency_window (self, dialog, ferry_copy_dialog_get_agency_name (dialog));
}

void
ferry_window_copy_image_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  g_autoptr(GPtrArray) images = NULL;
  FerryCopyDialog *dialog;
  const char *region;

  if (self->queue == NULL || self->client == NULL || self->account == NULL)
    return;
  images = ferry_images_page_get_selected_images (self->images_page);
  region = ferry_images_page_get_region (self->images_page);
  if (images->len == 0 || region == NULL)
    return;

  dialog = ferry_copy_dialog_new (GTK_WINDOW (self), self->client, self->account, self->queue,
                                  region, images);
  g_signal_connect_object (dialog, "submitted", G_CALLBACK (copy_submitted_cb), self, 0);
  g_signal_connect_object (dialog, "create-agency-requested", G_CALLBACK (create_agency_requested_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "repair-agency-requested", G_CALLBACK (repair_agency_requested_cb),
                           self, G_CONNECT_SWAPPED);
  ferry_a11y_present_dialog (GTK_WINDOW (dialog));
}

/* Agencies */

static void
agencies_changed_cb (FerryWindow *self)
{
  if (self->client != NULL)
    ferry_copy_cache_forget_agencies (self->client);
}

/* The agency page for the session: pick an agency to check, or create one. */
void
ferry_window_agencies_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  FerryWindow *self = FERRY_WINDOW (widget);
  FerryAgencyWindow *agencies;

  /* Disabled without a session. */
  if (self->client == NULL || self->account == NULL)
    return;
  agencies = ferry_agency_window_new (GTK_WINDOW (self), self->client, self->account, NULL);
  /* What the copy dialog knows of agencies may be out of date once the
   * page has been used: an agency made, or granted more (even in part). */
  g_signal_connect_object (agencies, "destroy", G_CALLBACK (agencies_changed_cb),
                           self, G_CONNECT_SWAPPED);
  ferry_a11y_present_dialog (GTK_WINDOW (agencies));
}

/* Show in Destination */

void
ferry_window_cancel_show_task (FerryWindow *self)
{
  g_clear_pointer (&self->pending_image_id, g_free);
  g_clear_handle_id (&self->pending_timeout_id, g_source_remove);
}

/* The images page filters in steps: try for a while after it loaded. */
static gboolean
select_pending_cb (gpointer user_data)
{
  FerryWindow *self = user_data;

  if (self->pending_image_id == NULL)
    {
      self->pending_timeout_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (ferry_images_page_get_loading (self->images_page))
    return G_SOURCE_CONTINUE;
  if (ferry_images_page_select_image (self->images_page, self->pending_image_id))
    {
      GtkColumnView *view = ferry_images_page_get_column_view (self->images_page);

      gtk_widget_grab_focus (GTK_WIDGET (view));
      self->pending_timeout_id = 0;
      ferry_window_cancel_show_task (self);
      return G_SOURCE_REMOVE;
    }
  if (++self->pending_tries < 20)
    return G_SOURCE_CONTINUE;

  self->pending_timeout_id = 0;
  ferry_window_cancel_show_task (self);
  ferry_window_add_toast (self, _("The new image is not shown: clear the search and the filters, then try again"));
  return G_SOURCE_REMOVE;
}

void
ferry_window_show_task (FerryWindow *self,
                        const char  *task_id)
{
  FerryCopyTask *task;
  FerryProject *project;
  const char *region;
  const char *image_id;
  const char *project_id;

  g_return_if_fail (FERRY_IS_WINDOW (self));
  g_return_if_fail (task_id != NULL);

  if (self->queue == NULL)
    return;
  task = ferry_copy_queue_lookup (self->queue, task_id);
  if (task == NULL)
    return;
  region = ferry_copy_task_get_destination_region (task);
  image_id = ferry_copy_task_get_new_image_id (task);
  project = ferry_account_get_region_project (self->account, region);
  if (image_id == NULL || project == NULL)
    {
      ferry_window_add_toast (self, _("The new image cannot be shown: it is not in a region of this account"));
      return;
    }
  /* The images page lists the region's default project only: a copy made
   * into a sub-project would never be found there. */
  project_id = ferry_copy_task_get_destination_project_id (task);
  if (project_id != NULL && g_strcmp0 (project_id, ferry_project_get_id (project)) != 0)
    {
      const char *name = ferry_copy_task_get_destination_project_name (task);
      g_autofree char *title = NULL;

      /* Translators: a toast; the name of a sub-project, "cn-east-2_dev". */
      title = g_strdup_printf (_("The new image is in “%s”, a project Ferry does not list"),
                               name != NULL && *name != '\0' ? name : project_id);
      ferry_window_add_toast (self, title);
      return;
    }

  ferry_window_cancel_show_task (self);
  self->pending_image_id = g_strdup (image_id);
  self->pending_tries = 0;
  adw_view_stack_set_visible_child_name (self->session_stack, "images");
  /* The page may have listed the region before the copy was there. */
  if (g_strcmp0 (ferry_images_page_get_region (self->images_page), region) != 0)
    ferry_images_page_set_region (self->images_page, region);
  else
    gtk_widget_activate_action (GTK_WIDGET (self->images_page), "images.refresh", NULL);
  self->pending_timeout_id = g_timeout_add (100, select_pending_cb, self);
}

void
ferry_window_show_task_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  ferry_window_show_task (FERRY_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

