/* ferry-copy-dialog.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ferry-cbr.h"
#include "ferry-copy-agency-section.h"
#include "ferry-copy-cache.h"
#include "ferry-copy-choice.h"
#include "ferry-copy-dialog.h"
#include "ferry-copy-destination-section.h"
#include "ferry-copy-dialog-private.h"
#include "ferry-a11y.h"
#include "ferry-copy-plan.h"
#include "ferry-copy-vault-section.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-text.h"
#include "ferry-rules.h"

/* Stands for each image's name in the name of a copy of several images. */
#define NAME_PLACEHOLDER "{name}"

G_DEFINE_FINAL_TYPE (FerryCopyDialog, ferry_copy_dialog, ADW_TYPE_WINDOW)

enum {
  CREATE_AGENCY_REQUESTED,
  REPAIR_AGENCY_REQUESTED,
  SUBMITTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void destination_changed (FerryCopyDialog *self);
static void plan_destinations (FerryCopyDialog *self);

/* Helpers */

FerryImage *
ferry_copy_dialog_image_at (FerryCopyDialog *self,
                            guint            i)
{
  return g_ptr_array_index (self->images, i);
}

const char *
ferry_copy_dialog_source_project_id (FerryCopyDialog *self)
{
  FerryProject *project = ferry_account_get_region_project (self->account, self->source_region);

  return project != NULL ? ferry_project_get_id (project) : NULL;
}

GPtrArray *
ferry_copy_dialog_dup_chosen_regions (FerryCopyDialog *self)
{
  return ferry_copy_destination_section_dup_regions (self->destination_section);
}

FerryProject *
ferry_copy_dialog_get_chosen_project (FerryCopyDialog *self)
{
  return ferry_copy_destination_section_get_project (self->destination_section);
}

/* Where the service checks the agency's grants for a copy to @region,
 * @project (NULL: the region's default project): a "scope" as
 * ferry_iam_check_ims_grants_async() takes it, the region id for a
 * default project, the project's name for a sub-project. */
static char *
scope_of (FerryRegion  *region,
          FerryProject *project)
{
  if (project == NULL || ferry_project_is_default (project))
    return g_strdup (ferry_region_get_id (region));
  return g_strdup (ferry_project_get_name (project));
}

/* The destinations' scopes, in the order of the chosen regions: the chosen
 * project's for one destination, each region's default project for
 * several; none for an in-region copy. */
static GStrv
destination_scopes (FerryCopyDialog *self)
{
  g_autoptr(GPtrArray) regions = ferry_copy_dialog_dup_chosen_regions (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  FerryProject *project = ferry_copy_dialog_get_chosen_project (self);

  for (guint i = 0; !self->in_region && i < regions->len; i++)
    {
      g_autofree char *scope = scope_of (g_ptr_array_index (regions, i),
                                         regions->len == 1 ? project : NULL);

      g_strv_builder_add (builder, scope);
    }
  return g_strv_builder_end (builder);
}

/* The plan and the sections learn the destination as chosen now, when it
 * changed (each new one may start their requests). The plan first, when
 * the regions or the project changed: a section may bring the verdict up
 * to date at once, and the verdict is the plan's. */
static void
destination_changed (FerryCopyDialog *self)
{
  g_autoptr(GPtrArray) regions = ferry_copy_dialog_dup_chosen_regions (self);
  g_auto(GStrv) scopes = destination_scopes (self);
  FerryProject *project = ferry_copy_dialog_get_chosen_project (self);
  FerryCopyDestination destination = {
    .in_region = self->in_region,
    .regions = regions,
    .project = project,
    .scopes = (const char * const *) scopes,
  };
  g_autoptr(GString) key = g_string_new (project != NULL ? ferry_project_get_id (project) : "");
  gboolean moved;

  for (guint i = 0; i < regions->len; i++)
    g_string_append_printf (key, " %s", ferry_region_get_id (g_ptr_array_index (regions, i)));
  moved = g_strcmp0 (key->str, self->destination_key) != 0;
  if (!moved && self->in_region == self->told_in_region)
    return;
  g_free (self->destination_key);
  self->destination_key = g_string_free (g_steal_pointer (&key), FALSE);
  self->told_in_region = self->in_region;

  if (moved)
    plan_destinations (self);
  ferry_copy_section_set_destination (FERRY_COPY_SECTION (self->destination_section), &destination);
  ferry_copy_section_set_destination (FERRY_COPY_SECTION (self->vault_section), &destination);
  ferry_copy_section_set_destination (FERRY_COPY_SECTION (self->agency_section), &destination);
}

/* A region or the project was chosen, or the regions arrived. */
static void
destination_section_changed_cb (FerryCopyDialog *self)
{
  destination_changed (self);
  ferry_copy_dialog_update (self);
}

/* The bar at the bottom grows as it says why the copy cannot be made (an
 * invalid description, say): the form above it gets shorter, and the
 * field being edited, often the last one, went out of sight under it.
 * Whenever the visible part of the form shrinks or the form grows, the
 * focused field and its group (with its error line) are scrolled back
 * into view; the viewport's own scroll-to-focus acts only when the focus
 * moves. */
static void
keep_focus_in_view (FerryCopyDialog *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *content = gtk_scrolled_window_get_child (self->scrolled_window);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  GtkWidget *target;
  graphene_rect_t bounds;
  double value, page, top, bottom;

  if (focus == NULL || content == NULL || !gtk_widget_is_ancestor (focus, content))
    return;
  /* Within the viewport: the form's own coordinates. */
  if (GTK_IS_VIEWPORT (content) && gtk_viewport_get_child (GTK_VIEWPORT (content)) != NULL)
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  target = gtk_widget_get_ancestor (focus, ADW_TYPE_PREFERENCES_GROUP);
  if (target == NULL || !gtk_widget_compute_bounds (target, content, &bounds))
    return;

  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  top = bounds.origin.y;
  bottom = bounds.origin.y + bounds.size.height;
  /* The whole group if it fits, its top first otherwise. */
  /* Whole pixels, as the viewport scrolls: never a pixel short. */
  if (bottom > value + page)
    gtk_adjustment_set_value (adjustment, floor (MIN (top, ceil (bottom - page))));
  else if (top < value)
    gtk_adjustment_set_value (adjustment, floor (top));
}

/* At the start of the next frames, from the layout of the one before: a
 * value set while the viewport configures its adjustment would be set
 * back by it, and sizes settle over a frame or two after the bar has
 * slid in (the error line wraps, the form grows). The frame's own layout
 * then uses the value. */
#define KEEP_FOCUS_FRAMES 3

static gboolean
keep_focus_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  FerryCopyDialog *self = FERRY_COPY_DIALOG (widget);

  keep_focus_in_view (self);
  if (--self->keep_focus_frames > 0)
    return G_SOURCE_CONTINUE;
  self->keep_focus_id = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_keep_focus_in_view (FerryCopyDialog *self)
{
  self->keep_focus_frames = KEEP_FOCUS_FRAMES;
  if (self->keep_focus_id == 0)
    self->keep_focus_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), keep_focus_tick_cb, NULL, NULL);
}

char *
ferry_copy_dialog_expand_name (FerryCopyDialog *self,
                               FerryImage      *image)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autoptr(GString) name = NULL;

  if (self->images->len == 1)
    return g_strdup (text);
  if (g_strcmp0 (text, self->default_name) == 0)
    return ferry_rules_default_copy_name (self->source, ferry_image_get_name (image));
  name = g_string_new (text);
  g_string_replace (name, NAME_PLACEHOLDER, ferry_image_get_name (image), 0);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* The chosen destinations, in the plan, which learns their image quotas
 * (one request each, at once); "changed" brings the verdict up to date. */
static void
plan_gathered_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  /* What could not be learned holds nothing against the copy: the
   * verdict shows what is known. */
  ferry_copy_plan_gather_finish (FERRY_COPY_PLAN (object), result, NULL);
}

static void
plan_destinations (FerryCopyDialog *self)
{
  g_autoptr(GPtrArray) regions = ferry_copy_dialog_dup_chosen_regions (self);
  FerryProject *project = ferry_copy_dialog_get_chosen_project (self);

  ferry_copy_plan_clear_destinations (self->plan);
  for (guint i = 0; i < regions->len; i++)
    ferry_copy_plan_add_destination (self->plan, ferry_region_get_id (g_ptr_array_index (regions, i)),
                                     project != NULL ? ferry_project_get_id (project) : NULL);
  if (regions->len > 0)
    ferry_copy_plan_gather_async (self->plan, self->cancellable, plan_gathered_cb, NULL);
}

/* Vaults */

static void
new_vault_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FerryCopyDialog *self = FERRY_COPY_DIALOG (widget);

  ferry_copy_vault_section_create (self->vault_section, GTK_WINDOW (self));
}

static void
refresh_vaults_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ferry_copy_vault_section_load (FERRY_COPY_DIALOG (widget)->vault_section, TRUE);
}

static void
refresh_agencies_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  ferry_copy_agency_section_load (FERRY_COPY_DIALOG (widget)->agency_section, TRUE);
}

static void
check_agency_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FerryCopyDialog *self = FERRY_COPY_DIALOG (widget);

  ferry_copy_agency_section_check (self->agency_section);
  ferry_copy_dialog_update (self);
}

static void
reload_regions_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  FerryCopyDialog *self = FERRY_COPY_DIALOG (widget);

  ferry_copy_destination_section_load (self->destination_section);
}

static void
create_agency_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryCopyDialog *self = FERRY_COPY_DIALOG (widget);

  if (g_signal_has_handler_pending (self, signals[CREATE_AGENCY_REQUESTED], 0, FALSE))
    {
      ferry_copy_agency_section_set_message (self->agency_section, NULL);
      g_signal_emit (self, signals[CREATE_AGENCY_REQUESTED], 0);
      return;
    }

  ferry_copy_agency_section_set_message (self->agency_section,
                                         _("Create the agency in the Huawei Cloud console, under IAM → Agencies: type “Cloud service”, service “Image Management Service (IMS)”, duration “Unlimited”, with IMS Administrator on the projects of the source region and of every destination. Then press the refresh button next to the agency."));
}

static void
repair_agency_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryCopyDialog *self = FERRY_COPY_DIALOG (widget);

  if (g_signal_has_handler_pending (self, signals[REPAIR_AGENCY_REQUESTED], 0, FALSE))
    {
      ferry_copy_agency_section_set_message (self->agency_section, NULL);
      g_signal_emit (self, signals[REPAIR_AGENCY_REQUESTED], 0);
      return;
    }

  ferry_copy_agency_section_set_message (self->agency_section,
                                         _("Grant the agency IMS Administrator on the missing region projects in the Huawei Cloud console, under IAM → Agencies → Authorize (never on “All projects”). Then press the refresh button next to the agency."));
}

/* Signals of the template */

static void
combo_selected_cb (AdwComboRow     *row,
                   GParamSpec      *pspec,
                   FerryCopyDialog *self)
{
  if (self->updating > 0 || !ferry_copy_choice_row_take_selection (row))
    return;

  if (row == self->type_row)
    {
      self->in_region = adw_combo_row_get_selected (row) == 1;
      destination_changed (self);
    }
  ferry_copy_dialog_update (self);
}

static void
entry_changed_cb (FerryCopyDialog *self)
{
  ferry_copy_dialog_update (self);
}

/* Submitting */

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(FerryCopyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_tasks = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (self), "ferry-adding"));

  if (!ferry_copy_queue_change_finish (FERRY_COPY_QUEUE (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Nothing was saved, so nothing will be sent: the choices stay. */
      g_free (self->add_error);
      /* Translators: the copy dialog could not save the copies; then why. */
      self->add_error = g_strdup_printf (_("Nothing was queued. %s"), error->message);
      self->submitted = FALSE;
      ferry_copy_dialog_update (self);
      return;
    }

  g_signal_emit (self, signals[SUBMITTED], 0, n_tasks);
  gtk_window_close (GTK_WINDOW (self));
}

void
ferry_copy_dialog_add_tasks (FerryCopyDialog *self,
                             GPtrArray       *tasks)
{
  g_object_set_data (G_OBJECT (self), "ferry-adding", GUINT_TO_POINTER (tasks->len));
  ferry_copy_queue_add_all_async (self->queue, tasks, self->cancellable, added_cb, g_object_ref (self));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryCopyDialog *self = FERRY_COPY_DIALOG (widget);
  g_autoptr(GPtrArray) regions = ferry_copy_dialog_dup_chosen_regions (self);
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);
  FerryAgency *agency = ferry_copy_agency_section_get_agency (self->agency_section);
  FerryProject *project = ferry_copy_dialog_get_chosen_project (self);
  FerryVault *vault = ferry_copy_vault_section_get_vault (self->vault_section);
  const char *domain_id = ferry_account_get_domain_id (self->account);
  const char *description = gtk_editable_get_text (GTK_EDITABLE (self->description_row));
  g_autofree char *cmk_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->kms_row))));

  /* Enter pressed twice, or a click racing a key: one set of tasks only. */
  if (self->submitted)
    return;
  ferry_copy_dialog_update (self);
  if (!gtk_widget_is_sensitive (self->copy_button))
    return;
  self->submitted = TRUE;
  g_clear_pointer (&self->add_error, g_free);
  gtk_widget_action_set_enabled (widget, "copy.submit", FALSE);

  for (guint i = 0; i < self->images->len; i++)
    {
      FerryImage *image = ferry_copy_dialog_image_at (self, i);
      g_autofree char *name = ferry_copy_dialog_expand_name (self, image);

      if (self->in_region)
        {
          g_ptr_array_add (tasks,
                           ferry_copy_task_new_in_region (domain_id, ferry_image_get_id (image),
                                                          ferry_image_get_name (image),
                                                          self->source_region, ferry_copy_dialog_source_project_id (self), name,
                                                          *description != '\0' ? description : NULL,
                                                          *cmk_id != '\0' ? cmk_id : NULL));
          continue;
        }

      for (guint j = 0; j < regions->len; j++)
        {
          const char *destination = ferry_region_get_id (g_ptr_array_index (regions, j));
          FerryProject *destination_project = regions->len == 1 && project != NULL
            ? project : ferry_account_get_region_project (self->account, destination);

          g_ptr_array_add (tasks,
                           ferry_copy_task_new_cross_region (domain_id, ferry_image_get_id (image),
                                                             ferry_image_get_name (image),
                                                             self->source_region, ferry_copy_dialog_source_project_id (self),
                                                             destination,
                                                             ferry_project_get_name (destination_project),
                                                             ferry_project_get_id (destination_project),
                                                             name, *description != '\0' ? description : NULL,
                                                             ferry_agency_get_name (agency),
                                                             ferry_rules_needs_vault (image) && vault != NULL
                                                               ? ferry_vault_get_id (vault) : NULL));
        }
    }

  for (guint i = 0; i < tasks->len; i++)
    ferry_copy_task_set_copy_tags (g_ptr_array_index (tasks, i),
                                   gtk_switch_get_active (self->copy_tags_switch));

  if (self->in_region)
    {
      ferry_copy_dialog_add_tasks (self, tasks);
      return;
    }

  /* Copies made or queued before are asked about first. */
  ferry_copy_dialog_ask_earlier_copies (self, tasks, regions);
}

/* Setting up */

static void
fill_images_group (FerryCopyDialog *self)
{
  gboolean csbs = FALSE, cbr = FALSE;
  g_autoptr(GListStore) types = g_list_store_new (FERRY_TYPE_COPY_CHOICE);
  g_autofree char *in_region_reason = NULL;

  for (guint i = 0; i < self->images->len; i++)
    {
      FerryImage *image = ferry_copy_dialog_image_at (self, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *size = g_format_size_full (ferry_image_get_size (image), G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *subtitle = NULL;
      FerryImageKind kind = ferry_image_get_kind (image);

      /* Translators: an image's kind, size and status. */
      subtitle = g_strdup_printf (_("%s · %s · %s"), ferry_image_kind_to_label (kind), size,
                                  ferry_image_status_to_label (ferry_image_get_status_kind (image)));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_image_get_name (image));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (ferry_image_is_encrypted (image))
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("channel-secure-symbolic");

          gtk_widget_set_tooltip_text (icon, _("Encrypted"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Encrypted"), -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
        }
      adw_preferences_group_add (self->images_group, row);

      if (ferry_rules_needs_vault (image))
        self->needs_vault = TRUE;
      if (ferry_image_get_whole_image (image))
        {
          if (ferry_image_get_backup_source (image) == FERRY_BACKUP_SOURCE_CBR)
            cbr = TRUE;
          else
            csbs = TRUE;
        }
      if (in_region_reason == NULL)
        in_region_reason = ferry_copy_dialog_in_region_refusal (self, i);
    }
  adw_preferences_group_set_title (self->images_group,
                                   g_dngettext (GETTEXT_PACKAGE, "Image", "Images", self->images->len));

  /* The billing note of the document, for whole images. */
  if (csbs || cbr)
    {
      GString *note = g_string_new (NULL);

      if (csbs)
        g_string_append (note, _("Copying a whole-machine image made from a cloud server backup also copies the backup: CSBS charges for it on demand."));
      if (csbs && cbr)
        g_string_append_c (note, ' ');
      if (cbr)
        g_string_append (note, _("Copying a whole-machine image made from a cloud backup also copies the backup: CBR charges for it on demand."));
      gtk_label_set_text (self->billing_note, note->str);
      gtk_widget_set_visible (GTK_WIDGET (self->billing_note), TRUE);
      g_string_free (note, TRUE);
    }

  /* The copy type, in-region greyed out with its reason when refused. */
  {
    g_autoptr(FerryCopyChoice) cross_region =
      ferry_copy_choice_new (_("Cross-Region Copy"), _("To other regions of the account"), NULL, NULL);
    g_autoptr(FerryCopyChoice) in_region =
      ferry_copy_choice_new (_("In-Region Copy"),
                             _("A copy in the same region, optionally encrypted"),
                             in_region_reason, NULL);

    g_list_store_append (types, cross_region);
    g_list_store_append (types, in_region);
  }
  ferry_copy_choice_row_set_choices (self->type_row, G_LIST_MODEL (types), GTK_INVALID_LIST_POSITION, NULL);
}

static void
ferry_copy_dialog_close_request_cleanup (FerryCopyDialog *self)
{
  g_cancellable_cancel (self->cancellable);
}

static gboolean
ferry_copy_dialog_close_request (GtkWindow *window)
{
  /* Whatever is still loading is no longer wanted. */
  ferry_copy_dialog_close_request_cleanup (FERRY_COPY_DIALOG (window));
  return GTK_WINDOW_CLASS (ferry_copy_dialog_parent_class)->close_request (window);
}

static void
ferry_copy_dialog_dispose (GObject *object)
{
  FerryCopyDialog *self = FERRY_COPY_DIALOG (object);

  ferry_copy_dialog_close_request_cleanup (self);
  if (self->keep_focus_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->keep_focus_id);
  self->keep_focus_id = 0;
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_COPY_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->add_error, g_free);
  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->queue);
  g_clear_object (&self->cache);
  g_clear_object (&self->source);
  /* A gathering may still hold the plan: its answers must not reach a
   * dialog that is gone. */
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_clear_object (&self->plan);
  g_clear_object (&self->in_region_plan);
  ferry_copy_dialog_forget_asking (self);
  g_clear_pointer (&self->images, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_copy_dialog_parent_class)->dispose (object);
}

static void
ferry_copy_dialog_finalize (GObject *object)
{
  FerryCopyDialog *self = FERRY_COPY_DIALOG (object);

  g_clear_pointer (&self->source_region, g_free);
  g_clear_pointer (&self->default_name, g_free);
  g_clear_pointer (&self->destination_key, g_free);

  G_OBJECT_CLASS (ferry_copy_dialog_parent_class)->finalize (object);
}

static void
ferry_copy_dialog_class_init (FerryCopyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ferry_copy_dialog_dispose;
  object_class->finalize = ferry_copy_dialog_finalize;
  window_class->close_request = ferry_copy_dialog_close_request;

  /**
   * FerryCopyDialog::create-agency-requested:
   *
   * "Create Agency…" was chosen; the agency page takes over.
   */
  signals[CREATE_AGENCY_REQUESTED] =
    g_signal_new ("create-agency-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FerryCopyDialog::repair-agency-requested:
   *
   * "Grant Missing Permissions…" was chosen for the chosen agency.
   */
  signals[REPAIR_AGENCY_REQUESTED] =
    g_signal_new ("repair-agency-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * FerryCopyDialog::submitted:
   * @n_tasks: how many tasks were added to the queue
   */
  signals[SUBMITTED] =
    g_signal_new ("submitted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (FERRY_TYPE_COPY_DESTINATION_SECTION);
  g_type_ensure (FERRY_TYPE_COPY_VAULT_SECTION);
  g_type_ensure (FERRY_TYPE_COPY_AGENCY_SECTION);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/imageferry/Ferry/ui/ferry-copy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, copy_button);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, images_group);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, name_hint);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, name_error);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, destination_section);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, vault_section);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, agency_section);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, kms_group);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, kms_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, copy_tags_switch);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, description_error);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, billing_note);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, queue_note);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, blocker_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, blocker_icon);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDialog, blocker_label);

  gtk_widget_class_install_action (widget_class, "copy.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "copy.reload-regions", NULL, reload_regions_action);
  gtk_widget_class_install_action (widget_class, "copy.refresh-vaults", NULL, refresh_vaults_action);
  gtk_widget_class_install_action (widget_class, "copy.new-vault", NULL, new_vault_action);
  gtk_widget_class_install_action (widget_class, "copy.refresh-agencies", NULL, refresh_agencies_action);
  gtk_widget_class_install_action (widget_class, "copy.check-agency", NULL, check_agency_action);
  gtk_widget_class_install_action (widget_class, "copy.create-agency", NULL, create_agency_action);
  gtk_widget_class_install_action (widget_class, "copy.repair-agency", NULL, repair_agency_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ferry_copy_dialog_init (FerryCopyDialog *self)
{

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Remembered from one copy to the next. */
  self->settings = g_settings_new (APP_ID_BASE);
  g_settings_bind (self->settings, "copy-tags", self->copy_tags_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  /* GTK 4.8 reads a list without a name by its class name; libadwaita
   * names the lists of the groups that have a title, not the others. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (GTK_WIDGET (self->type_row))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, C_("accessible", "New Image"),
                                  -1);
  ferry_a11y_name_list_by_row (GTK_WIDGET (self->kms_row));
  ferry_a11y_name_list_by_row (GTK_WIDGET (self->description_row));
  /* A field in error says why, where it is. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->name_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->name_error, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->description_row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->description_error, NULL,
                                  -1);

  ferry_copy_choice_setup_row (self->type_row);
  g_signal_connect_object (self->type_row, "notify::selected", G_CALLBACK (combo_selected_cb), self, 0);
  g_signal_connect_object (self->destination_section, "changed", G_CALLBACK (destination_section_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->vault_section, "changed", G_CALLBACK (ferry_copy_dialog_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->agency_section, "changed", G_CALLBACK (ferry_copy_dialog_update), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->description_row, "changed", G_CALLBACK (entry_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* The form shows less (the bar grew), or the focused group grew (its
   * error line appeared). */
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "notify::page-size",
                           G_CALLBACK (queue_keep_focus_in_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scrolled_window), "notify::upper",
                           G_CALLBACK (queue_keep_focus_in_view), self, G_CONNECT_SWAPPED);
  /* And once the bar has finished sliding in. */
  g_signal_connect_object (self->blocker_revealer, "notify::child-revealed",
                           G_CALLBACK (queue_keep_focus_in_view), self, G_CONNECT_SWAPPED);
}

FerryCopyDialog *
ferry_copy_dialog_new (GtkWindow      *parent,
                       FerryClient    *client,
                       FerryAccount   *account,
                       FerryCopyQueue *queue,
                       const char     *source_region,
                       GPtrArray      *images)
{
  FerryCopyDialog *self;
  FerryRegionCatalogue *catalogue;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (FERRY_IS_COPY_QUEUE (queue), NULL);
  g_return_val_if_fail (source_region != NULL, NULL);
  g_return_val_if_fail (images != NULL && images->len > 0, NULL);

  catalogue = ferry_client_get_catalogue (client);
  g_return_val_if_fail (ferry_region_catalogue_lookup (catalogue, source_region) != NULL, NULL);

  self = g_object_new (FERRY_TYPE_COPY_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  self->queue = g_object_ref (queue);
  self->cache = g_object_ref (ferry_copy_cache_get (client));
  self->source_region = g_strdup (source_region);
  self->source = g_object_ref (ferry_region_catalogue_lookup (catalogue, source_region));
  self->images = g_ptr_array_new_with_free_func (g_object_unref);
  self->plan = ferry_copy_plan_new (client, account, source_region, FERRY_COPY_KIND_CROSS_REGION);
  /* Its destinations' image quotas and, from the queue, the copies under
   * way there; the dialog does not show earlier copies. */
  ferry_copy_plan_set_look_for_earlier_copies (self->plan, FALSE);
  /* The agency section checks the grants (through the session's cache)
   * and tells them. */
  ferry_copy_plan_set_check_grants (self->plan, FALSE);
  ferry_copy_plan_set_task_store (self->plan, ferry_copy_queue_get_store (queue));
  g_signal_connect_object (self->plan, "changed", G_CALLBACK (ferry_copy_dialog_update), self, G_CONNECT_SWAPPED);
  self->in_region_plan = ferry_copy_plan_new (client, account, source_region, FERRY_COPY_KIND_IN_REGION);
  for (guint i = 0; i < images->len; i++)
    {
      guint at;

      g_ptr_array_add (self->images, g_object_ref (g_ptr_array_index (images, i)));
      /* Known images: the plans ask nothing to judge them. A selection
       * holds each image once, so its index is the dialog's. */
      at = ferry_copy_plan_add_image (self->plan, g_ptr_array_index (images, i));
      g_warn_if_fail (at == i);
      at = ferry_copy_plan_add_image (self->in_region_plan, g_ptr_array_index (images, i));
      g_warn_if_fail (at == i);
    }

  if (images->len == 1)
    {
      self->default_name = ferry_rules_default_copy_name (self->source,
                                                          ferry_image_get_name (ferry_copy_dialog_image_at (self, 0)));
      gtk_widget_set_visible (GTK_WIDGET (self->name_hint), FALSE);
      gtk_window_set_title (GTK_WINDOW (self), _("Copy Image"));
    }
  else
    {
      self->default_name = ferry_rules_default_copy_name (self->source, NAME_PLACEHOLDER);
      gtk_label_set_text (self->name_hint,
                          _("“{name}” stands for each image’s name; one pattern serves every image. The default names are shortened to 128 characters; a pattern of your own that makes a longer name is refused."));
      adw_window_title_set_title (self->window_title, _("Copy Images"));
      gtk_window_set_title (GTK_WINDOW (self), _("Copy Images"));
    }
  fill_images_group (self);

  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->default_name);
  self->updating--;

  self->context = (FerryCopyContext) {
    .client = self->client,
    .account = self->account,
    .cache = self->cache,
    .source_region = self->source_region,
    .source = self->source,
    .images = self->images,
    .cancellable = self->cancellable,
  };
  ferry_copy_section_set_context (FERRY_COPY_SECTION (self->destination_section), &self->context);
  ferry_copy_section_set_context (FERRY_COPY_SECTION (self->vault_section), &self->context);
  ferry_copy_section_set_context (FERRY_COPY_SECTION (self->agency_section), &self->context);
  destination_changed (self);

  /* Regions and agencies at once; projects come with the account. */
  ferry_copy_destination_section_load (self->destination_section);
  ferry_copy_agency_section_load (self->agency_section, FALSE);
  ferry_copy_dialog_update (self);

  return self;
}

const char *
ferry_copy_dialog_get_source_region (FerryCopyDialog *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_DIALOG (self), NULL);
  return self->source_region;
}

char **
ferry_copy_dialog_dup_destination_regions (FerryCopyDialog *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_DIALOG (self), NULL);

  return destination_scopes (self);
}

const char *
ferry_copy_dialog_get_agency_name (FerryCopyDialog *self)
{
  FerryAgency *agency;

  g_return_val_if_fail (FERRY_IS_COPY_DIALOG (self), NULL);

  agency = ferry_copy_agency_section_get_agency (self->agency_section);
  return agency != NULL ? ferry_agency_get_name (agency) : NULL;
}

void
ferry_copy_dialog_select_agency (FerryCopyDialog *self,
                                 const char      *agency_name)
{
  g_return_if_fail (FERRY_IS_COPY_DIALOG (self));

  ferry_copy_agency_section_select (self->agency_section, agency_name);
}

GObject *
ferry_copy_dialog_get_part (FerryCopyDialog *self,
                            const char      *name)
{
  GObject *part;

  g_return_val_if_fail (FERRY_IS_COPY_DIALOG (self), NULL);

  part = gtk_widget_get_template_child (GTK_WIDGET (self), FERRY_TYPE_COPY_DIALOG, name);
  if (part == NULL)
    part = gtk_widget_get_template_child (GTK_WIDGET (self->destination_section),
                                          FERRY_TYPE_COPY_DESTINATION_SECTION, name);
  if (part == NULL)
    part = gtk_widget_get_template_child (GTK_WIDGET (self->vault_section),
                                          FERRY_TYPE_COPY_VAULT_SECTION, name);
  if (part == NULL)
    part = gtk_widget_get_template_child (GTK_WIDGET (self->agency_section),
                                          FERRY_TYPE_COPY_AGENCY_SECTION, name);
  return part;
}
