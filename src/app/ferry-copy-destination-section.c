/* ferry-copy-destination-section.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-a11y.h"
#include "ferry-copy-choice.h"
#include "ferry-copy-destination-section.h"
#include "ferry-iam.h"
#include "ferry-text.h"

struct _FerryCopyDestinationSection
{
  AdwPreferencesGroup  parent_instance;

  FerryCopyContext     context;
  gboolean             needs_vault;      /* a CBR whole image is among the images */
  guint                updating;         /* set while the section changes a button itself */

  /* The region names' request; cancelled when the section goes and when
   * the dialog closes. */
  GCancellable        *cancellable;
  gboolean             loading;
  GError              *error;
  GPtrArray           *region_rows;      /* AdwActionRow, one per region of the catalogue */
  /* The rows are made a few at a time between frames: all 26 at once
   * held the main loop for 150-230 ms (tests/bench/copy-dialog.c). */
  guint                build_id;
  guint                build_next;
  GtkWidget           *build_group;

  /* Template children */
  AdwExpanderRow      *regions_row;
  GtkSpinner          *regions_spinner;
  GtkWidget           *regions_retry_button;
  AdwComboRow         *project_row;
};

static void ferry_copy_destination_section_iface_init (FerryCopySectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryCopyDestinationSection, ferry_copy_destination_section,
                               ADW_TYPE_PREFERENCES_GROUP,
                               G_IMPLEMENT_INTERFACE (FERRY_TYPE_COPY_SECTION,
                                                      ferry_copy_destination_section_iface_init))

static FerryRegion *
row_region (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "ferry-region");
}

static GtkCheckButton *
row_check (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "ferry-check");
}

static const char *
source_project_id (FerryCopyDestinationSection *self)
{
  FerryProject *project = ferry_account_get_region_project (self->context.account,
                                                            self->context.source_region);

  return project != NULL ? ferry_project_get_id (project) : NULL;
}

static char *
format_region_list (GPtrArray *regions)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  for (guint i = 0; i < regions->len; i++)
    g_strv_builder_add (builder, ferry_region_get_name (g_ptr_array_index (regions, i)));
  names = g_strv_builder_end (builder);
  /* Translators: the separator of a list of region names. */
  return g_strjoinv (_(", "), names);
}

static void
update_rows (FerryCopyDestinationSection *self)
{
  g_autoptr(GPtrArray) regions = ferry_copy_destination_section_dup_regions (self);
  g_autofree char *summary = NULL;

  gtk_spinner_set_spinning (self->regions_spinner, self->loading);
  gtk_widget_set_visible (GTK_WIDGET (self->regions_spinner), self->loading);
  gtk_widget_set_visible (self->regions_retry_button, self->error != NULL);
  if (self->loading)
    summary = g_strdup (_("Loading the regions…"));
  else if (self->error != NULL)
    summary = ferry_text_format_error (self->error);
  else if (regions->len == 0)
    summary = g_strdup (self->needs_vault ? _("None chosen; one at a time for images that need a vault")
                                          : _("None chosen; several may be chosen"));
  else if (self->needs_vault)
    {
      g_autofree char *list = format_region_list (regions);

      /* Why choosing another region dropped this one. */
      summary = g_strdup_printf (_("%s; one at a time, as the copy needs a vault there"), list);
    }
  else
    summary = format_region_list (regions);
  adw_expander_row_set_subtitle (self->regions_row, summary);

  if (regions->len == 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->project_row),
                                 _("Choose a destination region first."));
  else if (regions->len > 1)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->project_row),
                                 _("Each region’s default project"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->project_row), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->project_row), regions->len == 1);
}

static void
changed (FerryCopyDestinationSection *self)
{
  update_rows (self);
  ferry_copy_section_changed (FERRY_COPY_SECTION (self));
}

/* The first reason that forbids @region as the destination of one of the
 * images, or NULL. */
static char *
region_reason (FerryCopyDestinationSection *self,
               FerryRegion                 *region)
{
  GPtrArray *images = self->context.images;

  for (guint i = 0; i < images->len; i++)
    {
      FerryImage *image = g_ptr_array_index (images, i);
      FerryCopyFacts facts = {
        .image = image,
        .source = self->context.source,
        .project_id = source_project_id (self),
        .destination = region,
      };
      g_autoptr(GPtrArray) violations = ferry_rules_check_destination (&facts);

      if (violations->len > 0)
        {
          FerryViolation *v = g_ptr_array_index (violations, 0);

          if (images->len == 1)
            return g_strdup (ferry_violation_get_message (v));
          /* Translators: an image name, then why it cannot be copied there. */
          return g_strdup_printf (_("%s: %s"), ferry_image_get_name (image),
                                  ferry_violation_get_message (v));
        }
    }

  if (ferry_account_get_region_project (self->context.account, ferry_region_get_id (region)) == NULL)
    return g_strdup (_("Your account has no project in this region."));
  return NULL;
}

static void
region_toggled_cb (GtkCheckButton              *check,
                   FerryCopyDestinationSection *self)
{
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(GListStore) projects = g_list_store_new (FERRY_TYPE_COPY_CHOICE);

  if (self->updating > 0)
    return;

  /* A vault belongs to one region: an image that needs one goes to one
   * destination at a time. */
  if (self->needs_vault && check != NULL && gtk_check_button_get_active (check))
    {
      self->updating++;
      for (guint i = 0; i < self->region_rows->len; i++)
        {
          GtkCheckButton *other = row_check (g_ptr_array_index (self->region_rows, i));

          if (other != check)
            gtk_check_button_set_active (other, FALSE);
        }
      self->updating--;
    }

  regions = ferry_copy_destination_section_dup_regions (self);
  if (regions->len == 1)
    {
      g_autoptr(GListModel) model =
        ferry_account_list_region_projects (self->context.account,
                                            ferry_region_get_id (g_ptr_array_index (regions, 0)));

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(FerryProject) project = g_list_model_get_item (model, i);
          g_autoptr(FerryCopyChoice) choice =
            ferry_copy_choice_new (ferry_project_get_name (project),
                                   ferry_project_is_default (project) ? _("The region’s default project") : NULL,
                                   ferry_project_get_enabled (project) ? NULL : _("This project is disabled."),
                                   project);

          g_list_store_append (projects, choice);
        }
    }
  ferry_copy_choice_row_set_choices (self->project_row, G_LIST_MODEL (projects),
                                     GTK_INVALID_LIST_POSITION, NULL);
  changed (self);
}

static void
project_selected_cb (FerryCopyDestinationSection *self)
{
  if (ferry_copy_choice_row_take_selection (self->project_row))
    changed (self);
}

static void
clear_region_rows (FerryCopyDestinationSection *self)
{
  for (guint i = 0; self->region_rows != NULL && i < self->region_rows->len; i++)
    adw_expander_row_remove (self->regions_row, g_ptr_array_index (self->region_rows, i));
  g_clear_pointer (&self->region_rows, g_ptr_array_unref);
}

static GtkWidget *
make_region_row (FerryCopyDestinationSection *self,
                 FerryRegion                 *region)
{
  g_autofree char *reason = region_reason (self, region);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ferry_region_get_name (region));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               reason != NULL ? reason : ferry_region_get_id (region));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  /* One destination at a time, for an image that needs a vault: radio
   * buttons say so before the first click. */
  if (self->needs_vault)
    {
      if (self->build_group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (self->build_group));
      else
        self->build_group = check;
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  /* libadwaita names the row's activatable widget by its title: a
   * label of its own would have it read twice. */
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  reason != NULL ? reason : ferry_region_get_id (region),
                                  -1);
  if (reason != NULL)
    {
      /* Greyed out, yet the row stays focusable: the keyboard reaches
       * it and a screen reader reads why. */
      gtk_widget_set_sensitive (check, FALSE);
      gtk_widget_set_tooltip_text (row, reason);
      gtk_widget_add_css_class (row, "ferry-forbidden");
    }
  g_object_set_data_full (G_OBJECT (row), "ferry-region", g_object_ref (region), g_object_unref);
  g_object_set_data (G_OBJECT (row), "ferry-check", check);
  g_signal_connect_object (check, "toggled", G_CALLBACK (region_toggled_cb), self, 0);
  return row;
}

/* A few more rows at each frame, for at most a few milliseconds; the
 * region list counts as loading until the last row is in. A tick, not an
 * idle: while frames take longer than their interval (a software
 * renderer, a busy machine), GLib never reaches an idle below the frame
 * clock's priority, and one above it would hold the frames back. */
static gboolean
build_region_rows_cb (GtkWidget     *widget,
                      GdkFrameClock *frame_clock,
                      gpointer       user_data)
{
  FerryCopyDestinationSection *self = FERRY_COPY_DESTINATION_SECTION (widget);
  GListModel *catalogue = G_LIST_MODEL (ferry_client_get_catalogue (self->context.client));
  guint n = g_list_model_get_n_items (catalogue);
  gint64 until = g_get_monotonic_time () + 8 * G_TIME_SPAN_MILLISECOND;

  while (self->build_next < n)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (catalogue, self->build_next++);
      GtkWidget *row = make_region_row (self, region);

      adw_expander_row_add_row (self->regions_row, row);
      g_ptr_array_add (self->region_rows, row);
      if (g_get_monotonic_time () >= until)
        return G_SOURCE_CONTINUE;
    }

  self->build_id = 0;
  self->build_group = NULL;
  self->loading = FALSE;
  region_toggled_cb (NULL, self);
  return G_SOURCE_REMOVE;
}

static void
build_region_rows (FerryCopyDestinationSection *self)
{
  clear_region_rows (self);
  self->region_rows = g_ptr_array_new ();
  self->build_next = 0;
  self->build_group = NULL;
  self->loading = TRUE;
  if (self->build_id == 0)
    self->build_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), build_region_rows_cb, NULL, NULL);
  changed (self);
}

static void
list_regions_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FerryCopyDestinationSection *self = user_data;
  g_autoptr(GListModel) regions = NULL;
  g_autoptr(GError) error = NULL;

  regions = ferry_iam_list_regions_finish (FERRY_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  g_clear_object (&self->cancellable);
  if (regions == NULL)
    {
      g_propagate_error (&self->error, g_steal_pointer (&error));
      changed (self);
      return;
    }

  /* The names the service gives, over the ones shipped in data. */
  ferry_region_catalogue_merge (ferry_client_get_catalogue (self->context.client), regions);
  ferry_copy_cache_set_regions_loaded (self->context.cache);
  build_region_rows (self);
}

void
ferry_copy_destination_section_load (FerryCopyDestinationSection *self)
{
  g_return_if_fail (FERRY_IS_COPY_DESTINATION_SECTION (self));

  g_clear_error (&self->error);
  if (ferry_copy_cache_get_regions_loaded (self->context.cache))
    {
      build_region_rows (self);
      return;
    }

  self->loading = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->context.cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->cancellable, G_CONNECT_SWAPPED);
  ferry_iam_list_regions_async (self->context.client, self->context.source_region, self->cancellable,
                                list_regions_cb, self);
  changed (self);
}

GPtrArray *
ferry_copy_destination_section_dup_regions (FerryCopyDestinationSection *self)
{
  GPtrArray *regions = g_ptr_array_new ();

  g_return_val_if_fail (FERRY_IS_COPY_DESTINATION_SECTION (self), regions);

  for (guint i = 0; self->region_rows != NULL && i < self->region_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->region_rows, i);

      if (gtk_check_button_get_active (row_check (row)))
        g_ptr_array_add (regions, row_region (row));
    }
  return regions;
}

FerryProject *
ferry_copy_destination_section_get_project (FerryCopyDestinationSection *self)
{
  g_autoptr(GPtrArray) regions = NULL;

  g_return_val_if_fail (FERRY_IS_COPY_DESTINATION_SECTION (self), NULL);

  regions = ferry_copy_destination_section_dup_regions (self);
  if (regions->len != 1)
    return NULL;
  return ferry_copy_choice_row_get_item (self->project_row);
}

/* FerryCopySection */

static void
ferry_copy_destination_section_set_context (FerryCopySection       *section,
                                            const FerryCopyContext *context)
{
  FerryCopyDestinationSection *self = FERRY_COPY_DESTINATION_SECTION (section);

  self->context = *context;
  self->needs_vault = FALSE;
  for (guint i = 0; i < context->images->len; i++)
    if (ferry_rules_needs_vault (g_ptr_array_index (context->images, i)))
      self->needs_vault = TRUE;
  update_rows (self);
}

static void
ferry_copy_destination_section_set_destination (FerryCopySection           *section,
                                                const FerryCopyDestination *destination)
{
  gtk_widget_set_visible (GTK_WIDGET (section), !destination->in_region);
}

static FerryCopySectionState
ferry_copy_destination_section_get_state (FerryCopySection  *section,
                                          char             **message)
{
  FerryCopyDestinationSection *self = FERRY_COPY_DESTINATION_SECTION (section);

  if (self->loading)
    {
      *message = g_strdup (_("Loading the regions…"));
      return FERRY_COPY_SECTION_LOADING;
    }
  if (self->error != NULL)
    {
      *message = ferry_text_format_error (self->error);
      return FERRY_COPY_SECTION_FAILED;
    }
  return FERRY_COPY_SECTION_READY;
}

/* The @destination-th region, in the project chosen for one destination
 * or else the region's default project. */
static void
ferry_copy_destination_section_iface_init (FerryCopySectionInterface *iface)
{
  iface->set_context = ferry_copy_destination_section_set_context;
  iface->set_destination = ferry_copy_destination_section_set_destination;
  iface->get_state = ferry_copy_destination_section_get_state;
}

/* GObject */

static void
ferry_copy_destination_section_dispose (GObject *object)
{
  FerryCopyDestinationSection *self = FERRY_COPY_DESTINATION_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->build_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->build_id);
  self->build_id = 0;
  g_clear_pointer (&self->region_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_COPY_DESTINATION_SECTION);

  G_OBJECT_CLASS (ferry_copy_destination_section_parent_class)->dispose (object);
}

static void
ferry_copy_destination_section_finalize (GObject *object)
{
  FerryCopyDestinationSection *self = FERRY_COPY_DESTINATION_SECTION (object);

  g_clear_error (&self->error);

  G_OBJECT_CLASS (ferry_copy_destination_section_parent_class)->finalize (object);
}

static void
ferry_copy_destination_section_class_init (FerryCopyDestinationSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_copy_destination_section_dispose;
  object_class->finalize = ferry_copy_destination_section_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/imageferry/Ferry/ui/ferry-copy-destination-section.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDestinationSection, regions_row);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDestinationSection, regions_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDestinationSection, regions_retry_button);
  gtk_widget_class_bind_template_child (widget_class, FerryCopyDestinationSection, project_row);
}

static void
ferry_copy_destination_section_init (FerryCopyDestinationSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ferry_a11y_name_expander_lists (self->regions_row);
  ferry_copy_choice_setup_row (self->project_row);
  g_signal_connect_object (self->project_row, "notify::selected", G_CALLBACK (project_selected_cb), self,
                           G_CONNECT_SWAPPED);
}
