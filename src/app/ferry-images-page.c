/* ferry-images-page.c: the private images of one region, as a table
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page puts the parts together and keeps what it shows in step: the
 * region chooser, the search bar, the count, the stack of states (loading,
 * the table, empty, no results, error), the selection and its row menu, and
 * the page's actions. The images come from a FerryImageList, sorted by the
 * headers, then filtered by a FerryImageFilter; FerryImageColumns makes the
 * cells and sorts.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-error.h"
#include "ferry-image-columns.h"
#include "ferry-image-filter.h"
#include "ferry-image-list.h"
#include "ferry-image-region-chooser.h"
#include "ferry-image-row-menu.h"
#include "ferry-images-page.h"
#include "ferry-images-page-private.h"
#include "ferry-text.h"

struct _FerryImagesPage
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkWidget           *main_box;
  GtkWidget           *toolbar;
  GtkDropDown         *region_dropdown;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkSpinner          *load_spinner;
  GtkLabel            *count_label;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *status_column;
  GtkColumnViewColumn *type_column;
  GtkColumnViewColumn *os_column;
  GtkColumnViewColumn *size_column;
  GtkColumnViewColumn *encrypted_column;
  GtkColumnViewColumn *created_column;
  GtkColumnViewColumn *summary_column;
  AdwStatusPage       *empty_page;
  AdwStatusPage       *no_results_page;
  GtkWidget           *show_all_button;
  AdwStatusPage       *error_page;
  GMenuModel          *row_menu_model;

  FerryImageRowMenu   *row_menu;
  FerryImageColumns   *columns;

  /* The session */
  FerryClient         *client;
  FerryAccount        *account;
  FerryImageRegionChooser *regions;
  FerryRegion         *region;

  /* The images: all of them, sorted, then filtered. */
  FerryImageList      *images;
  GtkSortListModel    *sorted;
  FerryImageFilter    *filter;
  GtkFilterListModel  *filtered;
  /* Several images may be copied at once. */
  GtkMultiSelection   *selection;
  /* The first selected image, kept for ferry_images_page_get_selected_image. */
  FerryImage          *first_selected;
  char                *copy_hint_text;
  /* Why nothing could be shown: no project, or a load that failed. */
  GError              *load_error;

  gboolean             updating_regions;
  const char          *state;
};

G_DEFINE_FINAL_TYPE (FerryImagesPage, ferry_images_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_REGION,
  PROP_LOADING,
  PROP_STATE,
  PROP_SELECTED_IMAGE,
  PROP_COPY_HINT,
  PROP_COPYABLE_ONLY,
  PROP_SORT_COLUMN,
  PROP_SORT_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_load   (FerryImagesPage *self);
static void update_state (FerryImagesPage *self);

static void
show_toast (FerryImagesPage *self,
            const char      *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

/* Searching */

static void
apply_search (FerryImagesPage *self,
              const char      *text)
{
  ferry_image_filter_set_search (self->filter, text);
  update_state (self);
}

static void
search_changed_cb (FerryImagesPage *self,
                   GtkSearchEntry  *entry)
{
  apply_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stop_search_cb (FerryImagesPage *self,
                GtkSearchEntry  *entry)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
search_mode_cb (FerryImagesPage *self)
{
  /* Closing the search bar shows every image again. */
  if (self->search_entry != NULL && !gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      apply_search (self, "");
    }
}

static void
set_copyable_only (FerryImagesPage *self,
                   gboolean         copyable_only)
{
  if (ferry_image_filter_get_copyable_only (self->filter) == !!copyable_only)
    return;

  ferry_image_filter_set_copyable_only (self->filter, copyable_only);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPYABLE_ONLY]);
  update_state (self);
}

/* State */

static const char *
copy_hint (FerryImagesPage *self)
{
  FerryImage *image = ferry_images_page_get_selected_image (self);
  const char *blocker;

  g_autoptr(GPtrArray) images = NULL;

  if (image == NULL)
    return _("Select an image to copy it to another region.");
  images = ferry_images_page_get_selected_images (self);
  if (images->len > 1)
    {
      g_free (self->copy_hint_text);
      self->copy_hint_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Copy the %u selected image.",
                                                           "Copy the %u selected images.",
                                                           images->len),
                                              images->len);
      return self->copy_hint_text;
    }
  /* The dialog still opens: it says the same next to each greyed-out
   * choice, and an in-region copy may remain possible. */
  blocker = ferry_images_page_get_copy_blocker (self);
  if (blocker != NULL)
    return blocker;
  return _("Copy the image to another region, or within its region.");
}

static void
update_actions (FerryImagesPage *self)
{
  gboolean selected = ferry_images_page_get_selected_image (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.refresh", self->client != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.copy-id", selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "images.show-row-menu", selected);
}

static void
update_count (FerryImagesPage *self,
              guint            n_all,
              guint            n_shown)
{
  g_autofree char *text = NULL;

  if (n_all == 0)
    text = g_strdup ("");
  else if (n_shown == n_all)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", n_all), n_all);
  else
    /* Translators: how many images the search and filters leave, of all. */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u image", "%u of %u images", n_all),
                            n_shown, n_all);
  gtk_label_set_text (self->count_label, text);
}

static void
update_state (FerryImagesPage *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->images));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  const char *state;

  if (n_all == 0)
    {
      if (self->load_error != NULL)
        state = FERRY_IMAGES_PAGE_ERROR;
      else if (ferry_image_list_get_loading (self->images) || self->client == NULL)
        state = FERRY_IMAGES_PAGE_LOADING;
      else
        state = FERRY_IMAGES_PAGE_EMPTY;
    }
  else if (n_shown == 0)
    {
      /* Later pages may still match: keep saying so. While the filter
       * works through its batches, the (empty) table stays: a spinner
       * there would flicker at every keystroke. */
      if (ferry_image_list_get_loading (self->images))
        state = FERRY_IMAGES_PAGE_LOADING;
      else if (gtk_filter_list_model_get_pending (self->filtered) > 0)
        state = FERRY_IMAGES_PAGE_LIST;
      else
        state = FERRY_IMAGES_PAGE_NO_RESULTS;
    }
  else
    state = FERRY_IMAGES_PAGE_LIST;

  if (g_str_equal (state, FERRY_IMAGES_PAGE_EMPTY) && self->region != NULL)
    {
      g_autofree char *description =
        g_strdup_printf (_("There are no private images in %s."), ferry_region_get_name (self->region));

      adw_status_page_set_description (self->empty_page, description);
    }
  else if (g_str_equal (state, FERRY_IMAGES_PAGE_NO_RESULTS))
    {
      const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
      g_autofree char *description = NULL;

      if (ferry_image_filter_get_search (self->filter) != NULL)
        description = g_strdup_printf (_("No image name or ID contains “%s”."), search);
      else
        description = g_strdup (_("None of the images in this region can be copied to another region."));
      adw_status_page_set_description (self->no_results_page, description);
      gtk_widget_set_visible (self->show_all_button,
                              ferry_image_filter_get_copyable_only (self->filter));
    }
  else if (g_str_equal (state, FERRY_IMAGES_PAGE_ERROR))
    {
      g_autofree char *description = ferry_text_format_error (self->load_error);

      adw_status_page_set_description (self->error_page, description);
      adw_status_page_set_icon_name (self->error_page,
                                     g_error_matches (self->load_error, FERRY_API_ERROR, FERRY_API_ERROR_NETWORK)
                                     ? "network-error-symbolic" : "dialog-error-symbolic");
    }

  update_count (self, n_all, n_shown);
  /* The small spinner says more pages are coming; the loading page has its own. */
  gtk_spinner_set_spinning (self->load_spinner, ferry_image_list_get_loading (self->images) &&
                                                !g_str_equal (state, FERRY_IMAGES_PAGE_LOADING));
  gtk_widget_set_visible (GTK_WIDGET (self->load_spinner), gtk_spinner_get_spinning (self->load_spinner));
  gtk_stack_set_visible_child_name (self->stack, state);
  if (g_strcmp0 (self->state, state) != 0)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

static void
selection_changed_cb (FerryImagesPage *self)
{
  ferry_image_row_menu_set_hint (self->row_menu, copy_hint (self));
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_IMAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPY_HINT]);
}

/* Loading */

static void
loading_cb (FerryImagesPage *self)
{
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load_finished_cb (FerryImagesPage *self)
{
  const GError *error = ferry_image_list_get_error (self->images);

  if (error == NULL)
    ;
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->images)) > 0)
    {
      /* Keep what arrived; say what is missing. */
      g_autofree char *message = ferry_text_format_error (error);
      g_autofree char *title = g_strdup_printf (_("Not every image could be loaded. %s"), message);

      show_toast (self, title);
    }
  else
    self->load_error = g_error_copy (error);
  update_state (self);
}

static void
start_load (FerryImagesPage *self)
{
  FerryProject *project;

  g_clear_error (&self->load_error);
  ferry_image_list_clear (self->images);

  if (self->client == NULL || self->region == NULL)
    {
      update_state (self);
      update_actions (self);
      return;
    }

  project = ferry_account_get_region_project (self->account, ferry_region_get_id (self->region));
  if (project == NULL)
    {
      self->load_error = g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND,
                                      _("The account has no project in %s."),
                                      ferry_region_get_name (self->region));
      update_state (self);
      update_actions (self);
      return;
    }

  ferry_image_list_load (self->images, self->client, self->account,
                         ferry_region_get_id (self->region), ferry_project_get_id (project));
  update_state (self);
  update_actions (self);
}

/* Sorting */

static void
sort_column_cb (FerryImagesPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_COLUMN]);
}

static void
sort_order_cb (FerryImagesPage *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_ORDER]);
}

/* Regions */

static void
select_region (FerryImagesPage *self,
               FerryRegion     *region)
{
  if (self->region == region)
    return;

  g_set_object (&self->region, region);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
  start_load (self);
}

static void
region_selected_cb (FerryImagesPage *self)
{
  if (self->updating_regions)
    return;

  select_region (self, gtk_drop_down_get_selected_item (self->region_dropdown));
}

/* Actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  start_load (FERRY_IMAGES_PAGE (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (widget);

  if (!gtk_widget_get_mapped (widget))
    return;
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (widget);
  FerryImage *image = ferry_images_page_get_selected_image (self);

  if (image == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), ferry_image_get_id (image));
  show_toast (self, _("Image ID copied"));
}

static void
show_row_menu_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (widget);
  GtkWidget *anchor = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (ferry_images_page_get_selected_image (self) == NULL || !gtk_widget_get_mapped (widget))
    return;

  /* Next to the focused row, where the keyboard user is looking. */
  if (root != NULL)
    anchor = gtk_root_get_focus (root);
  if (anchor == NULL || !gtk_widget_is_ancestor (anchor, GTK_WIDGET (self->column_view)))
    anchor = GTK_WIDGET (self->column_view);

  ferry_image_row_menu_popup_at (self->row_menu, anchor,
                                 MIN (48, gtk_widget_get_width (anchor) / 2),
                                 gtk_widget_get_height (anchor) / 2);
}

/* Public API */

GtkWidget *
ferry_images_page_new (void)
{
  return g_object_new (FERRY_TYPE_IMAGES_PAGE, NULL);
}

void
ferry_images_page_set_session (FerryImagesPage *self,
                               FerryClient     *client,
                               FerryAccount    *account,
                               const char      *region)
{
  GListModel *regions = ferry_image_region_chooser_get_regions (self->regions);
  FerryRegion *initial = NULL;
  guint position = 0;

  g_return_if_fail (FERRY_IS_IMAGES_PAGE (self));
  g_return_if_fail (client == NULL || FERRY_IS_CLIENT (client));
  g_return_if_fail ((client == NULL) == (account == NULL));

  ferry_image_list_cancel (self->images);
  g_set_object (&self->client, client);
  g_set_object (&self->account, account);

  self->updating_regions = TRUE;
  ferry_image_region_chooser_set_account (self->regions, client, account);
  /* Borrowed: the chooser keeps the regions alive. */
  initial = ferry_image_region_chooser_find (self->regions, region, &position);
  if (initial == NULL && g_list_model_get_n_items (regions) > 0)
    {
      g_autoptr(FerryRegion) first = g_list_model_get_item (regions, 0);

      initial = first;
      position = 0;
    }
  if (initial != NULL)
    gtk_drop_down_set_selected (self->region_dropdown, position);
  self->updating_regions = FALSE;

  /* A new session loads even the same region again. */
  g_clear_object (&self->region);
  if (initial != NULL)
    select_region (self, initial);
  else
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
      start_load (self);
    }
}

FerryClient *
ferry_images_page_get_client (FerryImagesPage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  return self->client;
}

GListModel *
ferry_images_page_get_regions (FerryImagesPage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  return ferry_image_region_chooser_get_regions (self->regions);
}

const char *
ferry_images_page_get_region (FerryImagesPage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  return self->region != NULL ? ferry_region_get_id (self->region) : NULL;
}

void
ferry_images_page_set_region (FerryImagesPage *self,
                              const char      *region)
{
  guint position;

  g_return_if_fail (FERRY_IS_IMAGES_PAGE (self));

  if (ferry_image_region_chooser_find (self->regions, region, &position) != NULL)
    gtk_drop_down_set_selected (self->region_dropdown, position);
}

GListModel *
ferry_images_page_get_images (FerryImagesPage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

GtkColumnView *
ferry_images_page_get_column_view (FerryImagesPage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  return self->column_view;
}

gboolean
ferry_images_page_get_loading (FerryImagesPage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), FALSE);

  /* The template's actions ask before the page has its parts. */
  return self->images != NULL && ferry_image_list_get_loading (self->images);
}

const char *
ferry_images_page_get_state (FerryImagesPage *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  return self->state;
}

void
ferry_images_page_set_search_text (FerryImagesPage *self,
                                   const char      *text)
{
  g_return_if_fail (FERRY_IS_IMAGES_PAGE (self));

  /* No text, no search bar. */
  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  /* Replacing the text empties it first, which the entry reports at once:
   * the table would show everything for a moment. */
  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  apply_search (self, text);
}

FerryImage *
ferry_images_page_get_selected_image (FerryImagesPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    g_clear_object (&self->first_selected);
  else
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (G_LIST_MODEL (self->selection),
                                                           gtk_bitset_get_minimum (selected));

      g_set_object (&self->first_selected, image);
    }
  return self->first_selected;
}

GPtrArray *
ferry_images_page_get_selected_images (FerryImagesPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  GPtrArray *images;
  guint position;

  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  images = g_ptr_array_new_with_free_func (g_object_unref);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (images, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
  return images;
}

gboolean
ferry_images_page_select_image (FerryImagesPage *self,
                                const char      *image_id)
{
  GListModel *model = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (model);

  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), FALSE);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryImage) image = g_list_model_get_item (model, i);

      if (g_strcmp0 (ferry_image_get_id (image), image_id) == 0)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
          return TRUE;
        }
    }

  return FALSE;
}

const char *
ferry_images_page_get_copy_blocker (FerryImagesPage *self)
{
  FerryImage *image;

  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  image = ferry_images_page_get_selected_image (self);
  if (image == NULL)
    return NULL;
  return ferry_image_list_get_verdict (image);
}

/* GtkWidget */

static void
ferry_images_page_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (widget);

  gtk_widget_measure (self->main_box, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
ferry_images_page_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (widget);

  int natural;

  gtk_widget_allocate (self->main_box, width, height, baseline, NULL);
  ferry_image_columns_set_width (self->columns, width);

  /* A count cut to "1…" says nothing: on a narrow window it steps aside.
   * Opacity, not visibility, so the layout does not change again. */
  gtk_widget_measure (GTK_WIDGET (self->count_label), GTK_ORIENTATION_HORIZONTAL, -1,
                      NULL, &natural, NULL, NULL);
  gtk_widget_set_opacity (GTK_WIDGET (self->count_label),
                          gtk_widget_get_width (GTK_WIDGET (self->count_label)) >= natural ? 1.0 : 0.0);
  /* The row menu is a popover of the page itself. */
  ferry_image_row_menu_present (self->row_menu);
}

static void
ferry_images_page_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ferry_images_page_parent_class)->realize (widget);

  /* Now the fonts are those of the screen. */
  ferry_image_columns_measure (FERRY_IMAGES_PAGE (widget)->columns);
}

static void
ferry_images_page_system_setting_changed (GtkWidget        *widget,
                                          GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (ferry_images_page_parent_class)->system_setting_changed (widget, setting);

  /* Larger text (GNOME's text scaling changes the DPI) or another font:
   * the measured columns would cut their values short. */
  if (gtk_widget_get_realized (widget) &&
      (setting == GTK_SYSTEM_SETTING_DPI || setting == GTK_SYSTEM_SETTING_FONT_NAME ||
       setting == GTK_SYSTEM_SETTING_FONT_CONFIG))
    ferry_image_columns_measure (FERRY_IMAGES_PAGE (widget)->columns);
}

static gboolean
ferry_images_page_grab_focus (GtkWidget *widget)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (widget);

  if (g_strcmp0 (self->state, FERRY_IMAGES_PAGE_LIST) == 0)
    return gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
  return gtk_widget_grab_focus (GTK_WIDGET (self->region_dropdown));
}

/* Clears the focus children that @widget and its descendants remember. */
static void
forget_focus_child (GtkWidget *widget)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_focus_child (widget)) != NULL)
    {
      gtk_widget_set_focus_child (widget, NULL);
      widget = child;
    }
}

/* Tab and Shift+Tab go through the toolbar, the search entry when it is
 * shown, then the table (or what the page shows instead), and on out of
 * the page.
 *
 * GTK 4.8's default resumes at the focus child a container remembers,
 * which nothing clears when the focus moves to the header bar: coming
 * back, Tab went straight to the table and the toolbar was never
 * reached. The page therefore enters each part at its first control (its
 * last, going backwards). The table is one stop: GTK 4.8's list moves its
 * cursor one row per Tab (GtkListBase has no "tab-behavior" before 4.12),
 * so Tab leaves it here and the arrow keys move within. */
static gboolean
ferry_images_page_focus (GtkWidget        *widget,
                         GtkDirectionType  direction)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (widget);
  GtkWidget *parts[] = { self->toolbar, GTK_WIDGET (self->search_bar), GTK_WIDGET (self->stack) };
  GtkWidget *table = GTK_WIDGET (self->column_view);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  int step = direction == GTK_DIR_TAB_FORWARD ? 1 : -1;
  int current = -1;
  int i;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return GTK_WIDGET_CLASS (ferry_images_page_parent_class)->focus (widget, direction);

  for (i = 0; i < (int) G_N_ELEMENTS (parts); i++)
    if (focus != NULL && (focus == parts[i] || gtk_widget_is_ancestor (focus, parts[i])))
      current = i;

  if (current >= 0 && !gtk_widget_is_ancestor (focus, table) &&
      gtk_widget_child_focus (parts[current], direction))
    return TRUE;

  if (current >= 0)
    i = current + step;
  else
    i = step > 0 ? 0 : (int) G_N_ELEMENTS (parts) - 1;
  for (; i >= 0 && i < (int) G_N_ELEMENTS (parts); i += step)
    {
      forget_focus_child (parts[i]);
      if (gtk_widget_child_focus (parts[i], direction))
        return TRUE;
    }

  return FALSE;
}

/* GObject */

static void
ferry_images_page_dispose (GObject *object)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (object);
  GtkWidget *child;

  /* The models may outlive the template children for a moment: they must
   * not call back into a half-disposed page. */
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->images != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->images, self);
      ferry_image_list_cancel (self->images);
    }
  if (self->columns != NULL)
    g_signal_handlers_disconnect_by_data (self->columns, self);

  g_clear_object (&self->row_menu);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_IMAGES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->first_selected);
  g_clear_pointer (&self->copy_hint_text, g_free);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorted);
  g_clear_object (&self->images);
  g_clear_object (&self->columns);
  g_clear_object (&self->regions);
  g_clear_object (&self->region);
  g_clear_object (&self->account);
  g_clear_object (&self->client);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (ferry_images_page_parent_class)->dispose (object);
}

static void
ferry_images_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_REGION:
      g_value_set_string (value, ferry_images_page_get_region (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, ferry_images_page_get_loading (self));
      break;
    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;
    case PROP_SELECTED_IMAGE:
      g_value_set_object (value, ferry_images_page_get_selected_image (self));
      break;
    case PROP_COPY_HINT:
      g_value_set_string (value, copy_hint (self));
      break;
    case PROP_COPYABLE_ONLY:
      g_value_set_boolean (value, self->filter != NULL &&
                                  ferry_image_filter_get_copyable_only (self->filter));
      break;
    case PROP_SORT_COLUMN:
      g_value_set_string (value, self->columns != NULL
                                 ? ferry_image_columns_get_sort_column (self->columns) : "");
      break;
    case PROP_SORT_ORDER:
      g_value_set_string (value, self->columns != NULL &&
                                 ferry_image_columns_get_sort_descending (self->columns)
                                 ? "descending" : "ascending");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_images_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FerryImagesPage *self = FERRY_IMAGES_PAGE (object);

  switch (prop_id)
    {
    case PROP_REGION:
      ferry_images_page_set_region (self, g_value_get_string (value));
      break;
    case PROP_COPYABLE_ONLY:
      set_copyable_only (self, g_value_get_boolean (value));
      break;
    case PROP_SORT_COLUMN:
      ferry_image_columns_sort_by (self->columns, g_value_get_string (value));
      break;
    case PROP_SORT_ORDER:
      ferry_image_columns_set_sort_order (self->columns, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_images_page_class_init (FerryImagesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_images_page_dispose;
  object_class->get_property = ferry_images_page_get_property;
  object_class->set_property = ferry_images_page_set_property;

  widget_class->measure = ferry_images_page_measure;
  widget_class->size_allocate = ferry_images_page_size_allocate;
  widget_class->grab_focus = ferry_images_page_grab_focus;
  widget_class->focus = ferry_images_page_focus;
  widget_class->realize = ferry_images_page_realize;
  widget_class->system_setting_changed = ferry_images_page_system_setting_changed;

  properties[PROP_REGION] =
    g_param_spec_string ("region", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_IMAGE] =
    g_param_spec_object ("selected-image", NULL, NULL, FERRY_TYPE_IMAGE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPY_HINT] =
    g_param_spec_string ("copy-hint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COPYABLE_ONLY] =
    g_param_spec_boolean ("copyable-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "" for the service's order, or a column of images.sort-by. */
  properties[PROP_SORT_COLUMN] =
    g_param_spec_string ("sort-column", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "ascending" or "descending". */
  properties[PROP_SORT_ORDER] =
    g_param_spec_string ("sort-order", NULL, NULL, "ascending",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/ferry-images-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, main_box);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, load_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, type_column);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, os_column);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, size_column);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, encrypted_column);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, created_column);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, summary_column);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, show_all_button);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryImagesPage, row_menu_model);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_mode_cb);
  gtk_widget_class_bind_template_callback (widget_class, region_selected_cb);

  gtk_widget_class_install_action (widget_class, "images.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "images.search", NULL, search_action);
  gtk_widget_class_install_property_action (widget_class, "images.copyable-only", "copyable-only");
  /* Stateful, so that the sort menu marks the column and the order. */
  gtk_widget_class_install_property_action (widget_class, "images.sort-by", "sort-column");
  gtk_widget_class_install_property_action (widget_class, "images.sort-order", "sort-order");
  gtk_widget_class_install_action (widget_class, "images.copy-id", NULL, copy_id_action);
  gtk_widget_class_install_action (widget_class, "images.show-row-menu", NULL, show_row_menu_action);

  /* The keyboard's way to the row menu, as in every GTK list. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "images.show-row-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "images.show-row-menu", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
add_global_shortcut (GtkShortcutController *controller,
                     const char            *trigger,
                     const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (trigger),
                                                          gtk_named_action_new (action)));
}

static void
ferry_images_page_init (FerryImagesPage *self)
{
  GtkEventController *shortcuts;
  GtkSorter *view_sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->regions = ferry_image_region_chooser_new (self->region_dropdown);

  /* The table: columns, sorters, and the models from the list up. */
  {
    GtkColumnViewColumn *columns[FERRY_IMAGE_N_COLUMNS] = {
      [FERRY_IMAGE_COLUMN_NAME] = self->name_column,
      [FERRY_IMAGE_COLUMN_STATUS] = self->status_column,
      [FERRY_IMAGE_COLUMN_TYPE] = self->type_column,
      [FERRY_IMAGE_COLUMN_OS] = self->os_column,
      [FERRY_IMAGE_COLUMN_SIZE] = self->size_column,
      [FERRY_IMAGE_COLUMN_ENCRYPTED] = self->encrypted_column,
      [FERRY_IMAGE_COLUMN_CREATED] = self->created_column,
    };

    self->columns = ferry_image_columns_new (self->column_view, columns, self->summary_column);
  }
  g_signal_connect_object (self->columns, "notify::sort-column", G_CALLBACK (sort_column_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->columns, "notify::sort-descending", G_CALLBACK (sort_order_cb),
                           self, G_CONNECT_SWAPPED);

  self->images = ferry_image_list_new ();
  g_signal_connect_object (self->images, "notify::loading", G_CALLBACK (loading_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->images, "finished", G_CALLBACK (load_finished_cb),
                           self, G_CONNECT_SWAPPED);
  /* Sorted first, so that typing only filters and never sorts again. */
  view_sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->images)),
                                          g_object_ref (view_sorter));
  self->filter = ferry_image_filter_new ();

  /* Not incremental: GTK 4.8 then empties the table and refills it batch
   * by batch, making every visible row again at each keystroke (about
   * 450 ms a keystroke at 10,000 images, against 7 ms in one pass over
   * the precomputed search keys; tests/bench/images-page.c --incremental). */
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_state),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filtered, "notify::pending", G_CALLBACK (update_state),
                           self, G_CONNECT_SWAPPED);

  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  /* Filtering and reloading change what is selected without saying so. */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  /* GTK 4.8 reads the list inside the table by its class name. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      self->column_view, NULL,
                                      -1);

  self->row_menu = ferry_image_row_menu_new (GTK_WIDGET (self), self->row_menu_model,
                                             self->column_view, self->columns,
                                             GTK_SELECTION_MODEL (self->selection));

  /* Typing anywhere on the page opens the search bar and searches. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  /* Wherever the focus is in the window. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  add_global_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>f", "images.search");
  add_global_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "F5", "images.refresh");
  add_global_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Control>r", "images.refresh");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  ferry_image_row_menu_set_hint (self->row_menu, copy_hint (self));
  update_state (self);
  update_actions (self);
}