/* ferry-agency-progress-page.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-agency-progress-page.h"
#include "ferry-agency-regions.h"
#include "ferry-text.h"

typedef struct
{
  AdwActionRow *row;
  GtkSpinner   *spinner;
  GtkImage     *icon;
} StepRow;

struct _FerryAgencyProgressPage
{
  AdwPreferencesPage  parent_instance;

  FerryAgencySetup   *setup;
  GPtrArray          *rows;           /* StepRow */

  /* Template children */
  AdwPreferencesGroup *steps_group;
  GtkListBox         *steps_list;
  GtkLabel           *progress_label;
  GtkWidget          *retry_button;
  GtkWidget          *done_button;
};

G_DEFINE_FINAL_TYPE (FerryAgencyProgressPage, ferry_agency_progress_page, ADW_TYPE_PREFERENCES_PAGE)

static void
show_step (FerryAgencyProgressPage *self,
           guint                    index)
{
  StepRow *s = g_ptr_array_index (self->rows, index);
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

/* A create whose outcome is unknown offers only Retry, which finds it. */
static void
update_done (FerryAgencyProgressPage *self)
{
  gtk_widget_set_visible (self->done_button,
                          self->setup == NULL || !ferry_agency_setup_get_create_unknown (self->setup));
}

static void
step_changed_cb (FerryAgencySetup        *setup,
                 guint                    index,
                 FerryAgencyProgressPage *self)
{
  if (setup == self->setup && index < self->rows->len)
    show_step (self, index);
  update_done (self);
}

static void
build_step_rows (FerryAgencyProgressPage *self)
{
  ferry_agency_clear_list_box (self->steps_list);
  g_ptr_array_set_size (self->rows, 0);
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
      g_ptr_array_add (self->rows, s);
      show_step (self, i);
    }
}

void
ferry_agency_progress_page_set_setup (FerryAgencyProgressPage *self,
                                      FerryAgencySetup        *setup,
                                      const char              *heading)
{
  g_return_if_fail (FERRY_IS_AGENCY_PROGRESS_PAGE (self));
  g_return_if_fail (FERRY_IS_AGENCY_SETUP (setup));

  if (self->setup != NULL)
    g_signal_handlers_disconnect_by_data (self->setup, self);
  g_set_object (&self->setup, setup);
  g_signal_connect_object (setup, "step-changed", G_CALLBACK (step_changed_cb), self, 0);
  adw_preferences_group_set_title (self->steps_group, heading);
  build_step_rows (self);
  ferry_agency_progress_page_clear_outcome (self);
  update_done (self);
}

void
ferry_agency_progress_page_clear_outcome (FerryAgencyProgressPage *self)
{
  g_return_if_fail (FERRY_IS_AGENCY_PROGRESS_PAGE (self));

  gtk_label_set_text (self->progress_label, "");
  gtk_widget_set_visible (self->retry_button, FALSE);
}

void
ferry_agency_progress_page_show_outcome (FerryAgencyProgressPage *self,
                                         const GError            *error)
{
  const char *name;

  g_return_if_fail (FERRY_IS_AGENCY_PROGRESS_PAGE (self));
  g_return_if_fail (self->setup != NULL);

  name = ferry_agency_setup_get_name (self->setup);
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
    }
  else if (ferry_agency_setup_get_agency (self->setup) != NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("The agency “%s” exists, but not every step went through. Retry carries on with the steps not done; the agency is not created again."),
                         name);

      gtk_label_set_text (self->progress_label, text);
      gtk_button_set_label (GTK_BUTTON (self->done_button), _("_Close"));
    }
  else if (ferry_agency_setup_get_create_unknown (self->setup))
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
  update_done (self);
}

void
ferry_agency_progress_page_focus_done (FerryAgencyProgressPage *self)
{
  g_return_if_fail (FERRY_IS_AGENCY_PROGRESS_PAGE (self));

  gtk_widget_grab_focus (self->done_button);
}

static void
ferry_agency_progress_page_dispose (GObject *object)
{
  FerryAgencyProgressPage *self = FERRY_AGENCY_PROGRESS_PAGE (object);

  if (self->setup != NULL)
    g_signal_handlers_disconnect_by_data (self->setup, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_AGENCY_PROGRESS_PAGE);
  g_clear_object (&self->setup);

  G_OBJECT_CLASS (ferry_agency_progress_page_parent_class)->dispose (object);
}

static void
ferry_agency_progress_page_finalize (GObject *object)
{
  FerryAgencyProgressPage *self = FERRY_AGENCY_PROGRESS_PAGE (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (ferry_agency_progress_page_parent_class)->finalize (object);
}

static void
ferry_agency_progress_page_class_init (FerryAgencyProgressPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_agency_progress_page_dispose;
  object_class->finalize = ferry_agency_progress_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ferry-agency-progress-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyProgressPage, steps_group);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyProgressPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyProgressPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyProgressPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FerryAgencyProgressPage, done_button);
}

static void
ferry_agency_progress_page_init (FerryAgencyProgressPage *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}
