/* ferry-images-page.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-error.h"
#include "ferry-images-page.h"
#include "ferry-images-page-private.h"
#include "ferry-ims.h"
#include "ferry-copy-plan.h"
#include "ferry-text.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_STATUS,
  COLUMN_TYPE,
  COLUMN_OS,
  COLUMN_SIZE,
  COLUMN_ENCRYPTED,
  COLUMN_CREATED,
  N_COLUMNS
} Column;

/* The targets of images.sort-by, in Column order. */
static const char * const column_ids[N_COLUMNS] = {
  "name", "status", "type", "os", "size", "encrypted", "created",
};

/* The name tells images, and copies (copy_CN North-Beijing4_web-server),
 * apart: it takes the spare width first, up to a long name. GtkColumnView
 * gives each column its natural width before the expanding ones share the
 * rest, so the operating system, which matters less, has a small fixed
 * natural width (longer ones end in "…") and only then expands too. Both
 * are in characters (GtkInscription). The other columns are as wide as
 * their longest value in the interface's language, measured once the page
 * has its fonts. A narrow window scrolls the table sideways. */
static const struct { int min_chars, nat_chars; } column_chars[N_COLUMNS] = {
  [COLUMN_NAME] = { 16, 48 },
  [COLUMN_OS] = { 10, 10 },
};

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

  GtkWidget           *row_menu;
  GtkLabel            *row_menu_hint;
  /* "No region matches", under the region chooser's list. */
  GtkWidget           *region_placeholder;
  /* A narrow window: the name, its summary and the status only. */
  gboolean             compact;
  int                  compact_width;
  guint                compact_id;
  GtkColumnViewColumn *columns[N_COLUMNS];

  /* The session */
  FerryClient         *client;
  FerryAccount        *account;
  GListStore          *regions;
  FerryRegion         *region;

  /* The images: all of them, sorted, then filtered. */
  GListStore          *images;
  GtkSortListModel    *sorted;
  GtkFilterListModel  *filtered;
  /* Several images may be copied at once. */
  GtkMultiSelection   *selection;
  /* The first selected image, kept for ferry_images_page_get_selected_image. */
  FerryImage          *first_selected;
  char                *copy_hint_text;
  GtkCustomFilter     *search_filter;
  char                *search;
  GtkCustomFilter     *copyable_filter;
  gboolean             copyable_only;

  /* The load in progress, if any */
  GCancellable        *load_cancellable;
  gboolean             loading;
  GError              *load_error;

  /* The column the table is sorted by (NULL: the service's order) and
   * the order, as the headers show them: the state of images.sort-by
   * and images.sort-order. */
  GtkColumnViewColumn *sort_column;
  gboolean             sort_descending;
  gboolean             sorting;
  guint                sort_sync_id;

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

/* Each image's verdict of ferry_copy_plan_judge_image(): its first reason,
 * or "" when it may be copied to some region. Computed once, as the image
 * arrives. */
static GQuark verdict_quark;
/* Each image's search key: its name folded for searching, a newline, its
 * id folded. Computed once too, so a keystroke is a strstr() per image. */
static GQuark search_key_quark;

static void start_load   (FerryImagesPage *self);
static void update_state (FerryImagesPage *self);

static const char *
image_verdict (FerryImage *image)
{
  return g_object_get_qdata (G_OBJECT (image), verdict_quark);
}

static void
show_toast (FerryImagesPage *self,
            const char      *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

/* Cells */

static char *
format_created (FerryImage *image)
{
  g_autoptr(GDateTime) created = ferry_image_dup_created_date_time (image);
  g_autoptr(GDateTime) local = NULL;

  if (created == NULL)
    return NULL;
  local = g_date_time_to_local (created);
  /* Translators: the creation time of an image in the table, see
   * g_date_time_format(). Keep it short and sortable. */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

static void
popup_row_menu_at (FerryImagesPage *self,
                   GtkWidget       *anchor,
                   double           x,
                   double           y)
{
  graphene_point_t point;

  if (!gtk_widget_compute_point (anchor, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    return;

  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_menu),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->row_menu));
}

/* The row menu at a point of the table: the row under it is selected
 * first. One gesture for the whole table, so that rows stay cheap to make. */
static GtkListItem *
list_item_at_point (FerryImagesPage  *self,
                    double            x,
                    double            y,
                    GtkWidget       **cell)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);

  for (GtkWidget *widget = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
       widget != NULL && widget != view;
       widget = gtk_widget_get_parent (widget))
    {
      GtkListItem *item = g_object_get_data (G_OBJECT (widget), "ferry-list-item");

      if (item != NULL && gtk_list_item_get_item (item) != NULL)
        {
          if (cell != NULL)
            *cell = widget;
          return item;
        }
    }

  return NULL;
}

static void
popup_menu_at_point (FerryImagesPage *self,
                     double           x,
                     double           y)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  GtkListItem *item = list_item_at_point (self, x, y, NULL);

  if (item == NULL)
    return;

  /* A click on one of the selected rows acts on all of them, as in Files. */
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection),
                                        gtk_list_item_get_position (item)))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection),
                                     gtk_list_item_get_position (item), TRUE);
  popup_row_menu_at (self, view, x, y);
}

/* An image's name in full, and why it cannot be copied when it cannot. */
static gboolean
query_tooltip_cb (FerryImagesPage *self,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip)
{
  GtkWidget *cell = NULL;
  GtkListItem *item;
  FerryImage *image;
  const char *verdict;
  const char *name;
  graphene_rect_t bounds;

  if (keyboard)
    return FALSE;
  item = list_item_at_point (self, x, y, &cell);
  if (item == NULL ||
      !gtk_widget_compute_bounds (cell, GTK_WIDGET (self->column_view), &bounds))
    return FALSE;

  image = gtk_list_item_get_item (item);
  /* The operating system is cut short first ("CentOS 7.…"): in full over
   * its own column. */
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "ferry-column")) == COLUMN_OS &&
      gtk_inscription_get_text (GTK_INSCRIPTION (cell)) != NULL)
    {
      gtk_tooltip_set_text (tooltip, gtk_inscription_get_text (GTK_INSCRIPTION (cell)));
      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { bounds.origin.x, bounds.origin.y,
                                                           bounds.size.width, bounds.size.height });
      return TRUE;
    }
  name = ferry_image_get_name (image);
  if (name == NULL)
    name = ferry_image_get_id (image);
  verdict = image_verdict (image);
  if (verdict != NULL && *verdict != '\0')
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", name, verdict);

      gtk_tooltip_set_text (tooltip, text);
    }
  else
    gtk_tooltip_set_text (tooltip, name);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) { bounds.origin.x, bounds.origin.y,
                                                       bounds.size.width, bounds.size.height });
  return TRUE;
}

static void
table_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  FerryImagesPage *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at_point (self, x, y);
}

static void
table_long_pressed_cb (GtkGestureLongPress *gesture,
                       double               x,
                       double               y,
                       FerryImagesPage     *self)
{
  popup_menu_at_point (self, x, y);
}

/* Ctrl+click adds a row to the selection or takes it away. GTK 4.8's
 * column view hands a click to the cell and to the row around it, both
 * list items with a click gesture of their own that selects through
 * list.select-item: Ctrl+click toggles the row twice, selected and at
 * once unselected (a plain click and Shift+click select twice alike,
 * which does no harm). The table takes Ctrl+click first, in the capture
 * phase, and does once what GTK does: focus the row, then
 * list.select-item with "modify", which also moves the anchor of a later
 * Shift+click. */
static void
table_ctrl_pressed_cb (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       FerryImagesPage *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *text = NULL;
  GtkWidget *row;
  GtkListItem *item;

  if ((state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != GDK_CONTROL_MASK ||
      (item = list_item_at_point (self, x, y, &text)) == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  /* The row is the child of the list, around the cells. */
  for (row = text;
       gtk_widget_get_parent (row) != NULL && !GTK_IS_LIST_VIEW (gtk_widget_get_parent (row));
       row = gtk_widget_get_parent (row))
    ;
  gtk_widget_grab_focus (row);
  gtk_widget_activate_action (row, "list.select-item", "(ubb)",
                              gtk_list_item_get_position (item), TRUE, FALSE);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               FerryImagesPage          *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "ferry-column"));
  GtkWidget *cell = gtk_inscription_new (NULL);

  /* Zero for the measured columns: their width is fixed. */
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (cell), column_chars[column].min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), column_chars[column].nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (column == COLUMN_SIZE)
    {
      gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
      gtk_widget_add_css_class (cell, "numeric");
    }
  if (column == COLUMN_CREATED)
    gtk_widget_add_css_class (cell, "numeric");

  /* For the row menu's gesture, which finds the row from the cell. */
  g_object_set_data (G_OBJECT (cell), "ferry-list-item", item);
  g_object_set_data (G_OBJECT (cell), "ferry-column", GINT_TO_POINTER (column));

  gtk_list_item_set_child (item, cell);
}

/* GTK 4.8 reads a cell and a row of the table by their class names, and
 * has no name for a row (GtkColumnViewRow came with 4.12). A cell is the
 * widget around the text, and is named by it; the row is the widget
 * around the cells, and is named by the image's name, status and size,
 * as a screen reader reaches it with the arrow keys. Rows and cells keep
 * their texts when they show another image: once each, once every cell
 * of the row is there. */
static void
name_cell_and_row (GtkWidget *text)
{
  GtkWidget *cells[N_COLUMNS] = { NULL, };
  GtkWidget *cell = gtk_widget_get_parent (text);
  GtkWidget *row;

  if (cell == NULL)
    return;
  if (g_object_get_data (G_OBJECT (cell), "ferry-named") == NULL)
    {
      gtk_accessible_update_relation (GTK_ACCESSIBLE (cell),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, text, NULL,
                                      -1);
      g_object_set_data (G_OBJECT (cell), "ferry-named", GINT_TO_POINTER (TRUE));
    }

  row = gtk_widget_get_parent (cell);
  if (row == NULL || g_object_get_data (G_OBJECT (row), "ferry-named") != NULL)
    return;

  for (GtkWidget *child = gtk_widget_get_first_child (row);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *content = gtk_widget_get_first_child (child);

      if (content != NULL && GTK_IS_INSCRIPTION (content))
        cells[GPOINTER_TO_INT (g_object_get_data (G_OBJECT (content), "ferry-column"))] = content;
    }
  if (cells[COLUMN_NAME] == NULL || cells[COLUMN_STATUS] == NULL || cells[COLUMN_SIZE] == NULL)
    return;

  gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  cells[COLUMN_NAME], cells[COLUMN_STATUS], cells[COLUMN_SIZE], NULL,
                                  -1);
  g_object_set_data (G_OBJECT (row), "ferry-named", GINT_TO_POINTER (TRUE));
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              FerryImagesPage          *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "ferry-column"));
  GtkInscription *cell = GTK_INSCRIPTION (gtk_list_item_get_child (item));
  FerryImage *image = gtk_list_item_get_item (item);
  g_autofree char *owned = NULL;
  const char *text = NULL;

  switch (column)
    {
    case COLUMN_NAME:
      /* The tooltip comes from query_tooltip_cb(): setting one on each
       * cell costs a round trip to the display server for every row. */
      text = ferry_image_get_name (image);
      if (text == NULL)
        text = ferry_image_get_id (image);
      break;

    case COLUMN_STATUS:
      {
        FerryImageStatus status = ferry_image_get_status_kind (image);
        const char *classes[2] = { NULL, NULL };

        text = ferry_image_status_to_label (status);
        if (status == FERRY_IMAGE_STATUS_KILLED)
          classes[0] = "error";
        else if (status == FERRY_IMAGE_STATUS_QUEUED || status == FERRY_IMAGE_STATUS_SAVING)
          classes[0] = "accent";
        else if (status == FERRY_IMAGE_STATUS_DELETED || status == FERRY_IMAGE_STATUS_UNKNOWN)
          classes[0] = "dim-label";
        gtk_widget_set_css_classes (GTK_WIDGET (cell), classes);
      }
      break;

    case COLUMN_TYPE:
      text = ferry_image_kind_to_label (ferry_image_get_kind (image));
      break;

    case COLUMN_OS:
      text = ferry_image_get_os_version (image);
      if (text == NULL)
        text = ferry_image_get_platform (image);
      break;

    case COLUMN_SIZE:
      if (ferry_image_get_size (image) > 0)
        text = owned = g_format_size_full (ferry_image_get_size (image), G_FORMAT_SIZE_IEC_UNITS);
      break;

    case COLUMN_ENCRYPTED:
      text = ferry_image_is_encrypted (image) ? C_("encrypted", "Yes") : C_("encrypted", "No");
      break;

    case COLUMN_CREATED:
      text = owned = format_created (image);
      break;

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  /* An em dash for what the service did not say. */
  gtk_inscription_set_text (cell, text != NULL ? text : "—");
  name_cell_and_row (GTK_WIDGET (cell));
}

/* The summary column, on a narrow window: the name, and under it the
 * type, size and operating system of the image, in a smaller line. */
static void
setup_summary_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  FerryImagesPage          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_inscription_new (NULL);
  GtkWidget *details = gtk_inscription_new (NULL);

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (name), 8);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (name), column_chars[COLUMN_NAME].nat_chars);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (name), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (details), 8);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (details), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), details);

  /* For the row menu, Ctrl+click and the tooltip, as in the other cells. */
  for (GtkWidget *text = name; text != NULL; text = text == name ? details : NULL)
    {
      g_object_set_data (G_OBJECT (text), "ferry-list-item", item);
      g_object_set_data (G_OBJECT (text), "ferry-column", GINT_TO_POINTER (COLUMN_NAME));
    }
  gtk_list_item_set_child (item, box);
}

static void
bind_summary_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 FerryImagesPage          *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_last_child (box);
  GtkWidget *cell = gtk_widget_get_parent (box);
  FerryImage *image = gtk_list_item_get_item (item);
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;
  const char *os;

  if (ferry_image_get_size (image) > 0)
    size = g_format_size_full (ferry_image_get_size (image), G_FORMAT_SIZE_IEC_UNITS);
  os = ferry_image_get_os_version (image);
  if (os == NULL)
    os = ferry_image_get_platform (image);
  /* Translators: an image's type, size and operating system. */
  text = g_strdup_printf (_("%s · %s · %s"), ferry_image_kind_to_label (ferry_image_get_kind (image)),
                          size != NULL ? size : "—", os != NULL ? os : "—");
  gtk_inscription_set_text (GTK_INSCRIPTION (name), ferry_image_get_name (image) != NULL
                                                    ? ferry_image_get_name (image)
                                                    : ferry_image_get_id (image));
  gtk_inscription_set_text (GTK_INSCRIPTION (details), text);
  if (cell != NULL && g_object_get_data (G_OBJECT (cell), "ferry-named") == NULL)
    {
      gtk_accessible_update_relation (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      name, details, NULL,
                                      -1);
      g_object_set_data (G_OBJECT (cell), "ferry-named", GINT_TO_POINTER (TRUE));
    }
}

/* A narrow window shows the name with its summary and the status, and
 * the table fits: all seven columns made it scroll sideways, with only
 * the name and the status in sight. The other columns come back, and
 * the summary goes, once the window is wide enough for them all. */
static int
wide_min_width (FerryImagesPage *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->column_view));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                        pango_font_metrics_get_approximate_digit_width (metrics)) / PANGO_SCALE;
  int width = 0;

  pango_font_metrics_unref (metrics);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      int fixed = gtk_column_view_column_get_fixed_width (self->columns[i]);

      /* A cell's padding on both sides, as measure_column() counts it. */
      width += fixed > 0 ? fixed : column_chars[i].min_chars * char_width + 12;
    }
  return width;
}

static gboolean
apply_compact_cb (gpointer user_data)
{
  FerryImagesPage *self = user_data;
  gboolean compact = self->compact;

  self->compact_id = 0;
  /* The whole width but the status's: GTK 4.8 left an expanding column
   * that had just been shown at its minimum. */
  if (compact)
    gtk_column_view_column_set_fixed_width (self->summary_column,
                                            MAX (self->compact_width -
                                                 gtk_column_view_column_get_fixed_width (self->status_column),
                                                 0));
  for (guint i = 0; i < N_COLUMNS; i++)
    if (i != COLUMN_STATUS)
      gtk_column_view_column_set_visible (self->columns[i], !compact);
  gtk_column_view_column_set_visible (self->summary_column, compact);
  /* First when shown; out of the way, last, when not. */
  gtk_column_view_insert_column (self->column_view, compact ? 0 : N_COLUMNS, self->summary_column);
  gtk_widget_queue_resize (GTK_WIDGET (self->column_view));
  return G_SOURCE_REMOVE;
}

static void
update_compact (FerryImagesPage *self,
                int              width)
{
  gboolean compact = width < wide_min_width (self);

  if (compact == self->compact && (!compact || width == self->compact_width))
    return;
  self->compact = compact;
  self->compact_width = width;
  /* Not while the page is being allocated. */
  if (self->compact_id == 0)
    self->compact_id = g_idle_add (apply_compact_cb, self);
}

static GtkListItemFactory *
cell_factory_new (FerryImagesPage *self,
                  Column           column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "ferry-column", GINT_TO_POINTER (column));
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cell_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell_cb), self, 0);

  return factory;
}

/* Column widths */

static int
text_width (GtkWidget  *widget,
            const char *text,
            gboolean    bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  if (bold)
    {
      g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attributes);
    }
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
measure_column (FerryImagesPage  *self,
                Column            column,
                const char      **values)
{
  GtkWidget *view = GTK_WIDGET (self->column_view);
  const char *title = gtk_column_view_column_get_title (self->columns[column]);
  /* A cell's padding on both sides, and a header's sort arrow beside it. */
  int width = text_width (view, title, TRUE) + 12 + 22;

  for (guint i = 0; values[i] != NULL; i++)
    width = MAX (width, text_width (view, values[i], FALSE) + 12);
  gtk_column_view_column_set_fixed_width (self->columns[column], width + 4);
}

static void
measure_columns (FerryImagesPage *self)
{
  g_autoptr(GDateTime) sample_time = g_date_time_new_local (2026, 12, 28, 23, 58, 0);
  g_autofree char *created = g_date_time_format (sample_time, _("%Y-%m-%d %H:%M"));
  g_autofree char *size = g_format_size_full (G_GUINT64_CONSTANT (1023) * 1024 * 1024 * 1024 + 999,
                                              G_FORMAT_SIZE_IEC_UNITS);
  const char *statuses[FERRY_IMAGE_STATUS_UNKNOWN + 2] = { NULL, };
  const char *kinds[FERRY_IMAGE_KIND_ISO + 2] = { NULL, };
  const char *encrypted[] = { C_("encrypted", "Yes"), C_("encrypted", "No"), NULL };
  const char *sizes[] = { size, "888.8 GiB", NULL };
  const char *times[] = { created, NULL };

  for (guint i = 0; i <= FERRY_IMAGE_STATUS_UNKNOWN; i++)
    statuses[i] = ferry_image_status_to_label (i);
  for (guint i = 0; i <= FERRY_IMAGE_KIND_ISO; i++)
    kinds[i] = ferry_image_kind_to_label (i);

  measure_column (self, COLUMN_STATUS, statuses);
  measure_column (self, COLUMN_TYPE, kinds);
  measure_column (self, COLUMN_SIZE, sizes);
  measure_column (self, COLUMN_ENCRYPTED, encrypted);
  measure_column (self, COLUMN_CREATED, times);
}

/* Sorting */

#define COMPARE(a, b) (((a) > (b)) - ((a) < (b)))

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  return COMPARE (ferry_image_get_status_kind ((FerryImage *) a),
                  ferry_image_get_status_kind ((FerryImage *) b));
}

static int
compare_kind (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  return COMPARE (ferry_image_get_kind ((FerryImage *) a), ferry_image_get_kind ((FerryImage *) b));
}

static int
compare_size (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  return COMPARE (ferry_image_get_size ((FerryImage *) a), ferry_image_get_size ((FerryImage *) b));
}

static int
compare_encrypted (gconstpointer a,
                   gconstpointer b,
                   gpointer      data)
{
  return COMPARE (ferry_image_is_encrypted ((FerryImage *) a),
                  ferry_image_is_encrypted ((FerryImage *) b));
}

static int
compare_created (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  /* ISO 8601 in UTC, as IMS sends them, sort as strings. */
  int result = g_strcmp0 (ferry_image_get_created_at ((FerryImage *) a),
                          ferry_image_get_created_at ((FerryImage *) b));

  return COMPARE (result, 0);
}

static GtkSorter *
string_sorter_new (const char *property)
{
  return GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (FERRY_TYPE_IMAGE, NULL,
                                                                         property)));
}

static GtkSorter *
column_sorter_new (Column column)
{
  switch (column)
    {
    case COLUMN_NAME:
      return string_sorter_new ("name");
    case COLUMN_STATUS:
      return GTK_SORTER (gtk_custom_sorter_new (compare_status, NULL, NULL));
    case COLUMN_TYPE:
      return GTK_SORTER (gtk_custom_sorter_new (compare_kind, NULL, NULL));
    case COLUMN_OS:
      return string_sorter_new ("os-version");
    case COLUMN_SIZE:
      return GTK_SORTER (gtk_custom_sorter_new (compare_size, NULL, NULL));
    case COLUMN_ENCRYPTED:
      return GTK_SORTER (gtk_custom_sorter_new (compare_encrypted, NULL, NULL));
    case COLUMN_CREATED:
      return GTK_SORTER (gtk_custom_sorter_new (compare_created, NULL, NULL));
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
set_sort_state (FerryImagesPage     *self,
                GtkColumnViewColumn *column,
                gboolean             descending)
{
  descending = column != NULL && descending;
  if (self->sort_column != column)
    {
      self->sort_column = column;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_COLUMN]);
    }
  if (self->sort_descending != descending)
    {
      self->sort_descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_ORDER]);
    }
}

static void
sort_by (FerryImagesPage     *self,
         GtkColumnViewColumn *column,
         gboolean             descending)
{
  self->sorting = TRUE;
  /* GTK 4.8's gtk_column_view_sort_by_column() (gtk_column_view_sorter_set_column)
   * drops every sorter but updates the new column's header only: the
   * previous one kept its arrow. Clearing first updates that one
   * (gtk_column_view_sorter_clear tells the first column). */
  if (self->sort_column != NULL && self->sort_column != column)
    gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  gtk_column_view_sort_by_column (self->column_view, column,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->sorting = FALSE;
  set_sort_state (self, column, descending);
}

/* A header's arrow, as GTK 4.8 draws it: its sort indicator's class. */
static void
find_sorted_header (FerryImagesPage      *self,
                    GtkWidget            *widget,
                    GtkColumnViewColumn **column,
                    gboolean             *descending)
{
  if (g_strcmp0 (gtk_widget_get_css_name (widget), "sort-indicator") == 0 &&
      (gtk_widget_has_css_class (widget, "ascending") || gtk_widget_has_css_class (widget, "descending")))
    {
      GtkWidget *label = gtk_widget_get_prev_sibling (widget);

      for (guint i = 0; GTK_IS_LABEL (label) && i < N_COLUMNS; i++)
        if (g_strcmp0 (gtk_column_view_column_get_title (self->columns[i]),
                       gtk_label_get_text (GTK_LABEL (label))) == 0)
          {
            *column = self->columns[i];
            *descending = gtk_widget_has_css_class (widget, "descending");
          }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_sorted_header (self, child, column, descending);
}

/* A header was clicked. GTK 4.8 has no way to ask the view's sorter which
 * column leads (gtk_column_view_sorter_get_primary_sort_column() came
 * with 4.10); the headers say it, once they are updated, just after the
 * sorter changed. */
static gboolean
sync_sort_state_cb (gpointer user_data)
{
  FerryImagesPage *self = user_data;
  GtkColumnViewColumn *column = NULL;
  gboolean descending = FALSE;

  self->sort_sync_id = 0;
  find_sorted_header (self, GTK_WIDGET (self->column_view), &column, &descending);
  set_sort_state (self, column, descending);
  return G_SOURCE_REMOVE;
}

static void
view_sorter_changed_cb (FerryImagesPage *self,
                        GtkSorterChange  change,
                        GtkSorter       *sorter)
{
  if (!self->sorting && self->sort_sync_id == 0)
    self->sort_sync_id = g_idle_add (sync_sort_state_cb, self);
}

/* Filtering */

static gboolean
copyable_filter_func (gpointer item,
                      gpointer user_data)
{
  const char *verdict = image_verdict (item);

  return verdict != NULL && *verdict == '\0';
}

/* Folded as GtkStringFilter folds: normalized, then case-folded. */
static char *
fold_for_search (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static void
set_search_key (FerryImage *image)
{
  g_autofree char *name = fold_for_search (ferry_image_get_name (image));
  g_autofree char *id = fold_for_search (ferry_image_get_id (image));

  g_object_set_qdata_full (G_OBJECT (image), search_key_quark,
                           g_strconcat (name, "\n", id, NULL), g_free);
}

/* The name contains the text, or the id starts with it. */
static gboolean
search_filter_func (gpointer item,
                    gpointer user_data)
{
  FerryImagesPage *self = user_data;
  const char *key = g_object_get_qdata (item, search_key_quark);
  const char *id, *found;

  if (key == NULL)
    return FALSE;
  id = strchr (key, '\n') + 1;
  found = strstr (key, self->search);
  return (found != NULL && found < id) || g_str_has_prefix (id, self->search);
}

static void
apply_search (FerryImagesPage *self,
              const char      *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *search = *stripped != '\0' ? fold_for_search (stripped) : NULL;
  g_autofree char *old = g_steal_pointer (&self->search);

  self->search = g_steal_pointer (&search);
  if (g_strcmp0 (old, self->search) == 0)
    ;
  else if (self->search == NULL)
    /* No function matches everything, which the filter model skips cheaply. */
    gtk_custom_filter_set_filter_func (self->search_filter, NULL, NULL, NULL);
  else if (old == NULL)
    gtk_custom_filter_set_filter_func (self->search_filter, search_filter_func, self, NULL);
  else
    /* Typing on only ever narrows; erasing only ever widens. */
    gtk_filter_changed (GTK_FILTER (self->search_filter),
                        strstr (self->search, old) != NULL ? GTK_FILTER_CHANGE_MORE_STRICT :
                        strstr (old, self->search) != NULL ? GTK_FILTER_CHANGE_LESS_STRICT :
                        GTK_FILTER_CHANGE_DIFFERENT);
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
  copyable_only = !!copyable_only;
  if (self->copyable_only == copyable_only)
    return;

  self->copyable_only = copyable_only;
  /* No function matches everything, which the filter model skips cheaply. */
  gtk_custom_filter_set_filter_func (self->copyable_filter,
                                     copyable_only ? copyable_filter_func : NULL, NULL, NULL);
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
      else if (self->loading || self->client == NULL)
        state = FERRY_IMAGES_PAGE_LOADING;
      else
        state = FERRY_IMAGES_PAGE_EMPTY;
    }
  else if (n_shown == 0)
    {
      /* Later pages may still match: keep saying so. While the filter
       * works through its batches, the (empty) table stays: a spinner
       * there would flicker at every keystroke. */
      if (self->loading)
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

      if (self->search != NULL)
        description = g_strdup_printf (_("No image name or ID contains “%s”."), search);
      else
        description = g_strdup (_("None of the images in this region can be copied to another region."));
      adw_status_page_set_description (self->no_results_page, description);
      gtk_widget_set_visible (self->show_all_button, self->copyable_only);
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
  gtk_spinner_set_spinning (self->load_spinner, self->loading && !g_str_equal (state, FERRY_IMAGES_PAGE_LOADING));
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
  gtk_label_set_text (self->row_menu_hint, copy_hint (self));
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_IMAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPY_HINT]);
}

/* Loading */

typedef struct
{
  FerryImagesPage *self;
  GCancellable    *cancellable;
  char            *project_id;
  /* Judges each image as it arrives: the verdict ferryctl check and the
   * copy dialog give too. */
  FerryCopyPlan   *plan;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->cancellable);
  g_clear_object (&load->plan);
  g_free (load->project_id);
  g_free (load);
}

static void
load_page_cb (GListModel *page,
              gpointer    user_data)
{
  Load *load = user_data;
  FerryImagesPage *self = load->self;
  g_autoptr(GPtrArray) items = NULL;
  guint n;

  if (g_cancellable_is_cancelled (load->cancellable))
    return;

  n = g_list_model_get_n_items (page);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      FerryImage *image = g_list_model_get_item (page, i);
      g_autoptr(GPtrArray) violations = ferry_copy_plan_judge_image (load->plan, image);
      const char *verdict = "";

      if (violations->len > 0)
        verdict = ferry_violation_get_message (g_ptr_array_index (violations, 0));
      /* Most images may be copied: their "" is shared, not copied. */
      if (*verdict == '\0')
        g_object_set_qdata (G_OBJECT (image), verdict_quark, (gpointer) "");
      else
        g_object_set_qdata_full (G_OBJECT (image), verdict_quark, g_strdup (verdict), g_free);
      set_search_key (image);
      g_ptr_array_add (items, image);
    }

  /* One change per page, so the models above update once. */
  g_list_store_splice (self->images, g_list_model_get_n_items (G_LIST_MODEL (self->images)), 0,
                       items->pdata, items->len);
  update_state (self);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Load *load = user_data;
  FerryImagesPage *self = load->self;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;

  all = ferry_ims_list_all_images_finish (FERRY_CLIENT (object), result, &error);
  if (g_cancellable_is_cancelled (load->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      load_free (load);
      return;
    }

  self->loading = FALSE;
  g_clear_object (&self->load_cancellable);
  if (error != NULL)
    {
      if (g_list_model_get_n_items (G_LIST_MODEL (self->images)) > 0)
        {
          /* Keep what arrived; say what is missing. */
          g_autofree char *message = ferry_text_format_error (error);
          g_autofree char *title = g_strdup_printf (_("Not every image could be loaded. %s"), message);

          show_toast (self, title);
        }
      else
        self->load_error = g_steal_pointer (&error);
    }

  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  load_free (load);
}

static void
cancel_load (FerryImagesPage *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->loading)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
start_load (FerryImagesPage *self)
{
  const FerryImageQuery query = { .image_type = "private" };
  FerryProject *project;
  Load *load;

  cancel_load (self);
  g_clear_error (&self->load_error);
  g_list_store_remove_all (self->images);

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

  self->loading = TRUE;
  self->load_cancellable = g_cancellable_new ();

  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->cancellable = g_object_ref (self->load_cancellable);
  load->project_id = g_strdup (ferry_project_get_id (project));
  load->plan = ferry_copy_plan_new (self->client, self->account, ferry_region_get_id (self->region),
                                    FERRY_COPY_KIND_CROSS_REGION);

  ferry_ims_list_all_images_async (self->client, ferry_region_get_id (self->region),
                                   load->project_id, &query,
                                   load_page_cb, load,
                                   self->load_cancellable, load_done_cb, load);

  update_state (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Regions */

static FerryRegion *
find_region (FerryImagesPage *self,
             const char      *id,
             guint           *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->regions));

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(FerryRegion) region = g_list_model_get_item (G_LIST_MODEL (self->regions), i);

      if (g_strcmp0 (ferry_region_get_id (region), id) == 0)
        {
          *position = i;
          return region;
        }
    }

  return NULL;
}

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

static char *
region_search_text (FerryRegion *region)
{
  /* Found by any part of its name in either language, or of its id. A
   * line break between them: "sing" is in one, never across two. */
  return g_strjoin ("\n", ferry_region_get_name_en (region), ferry_region_get_name_zh (region),
                    ferry_region_get_id (region), NULL);
}

static void
setup_region_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  gboolean in_list = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (in_list)
    {
      /* The list shows the id too, which administrators know regions by. */
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *id = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (id), 0.0);
      gtk_widget_add_css_class (id, "caption");
      gtk_widget_add_css_class (id, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), id);
      gtk_list_item_set_child (item, box);
    }
  else
    {
      /* The button may shrink on a narrow window. */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 8);
      gtk_list_item_set_child (item, label);
    }
}

static void
bind_region_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  gboolean in_list = GPOINTER_TO_INT (user_data);
  FerryRegion *region = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);

  if (in_list)
    {
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_first_child (child)),
                          ferry_region_get_name (region));
      gtk_label_set_text (GTK_LABEL (gtk_widget_get_last_child (child)),
                          ferry_region_get_id (region));
    }
  else
    {
      GtkWidget *button = gtk_widget_get_ancestor (child, GTK_TYPE_TOGGLE_BUTTON);

      gtk_label_set_text (GTK_LABEL (child), ferry_region_get_name (region));
      /* The focus goes to the button inside the drop-down, which GTK 4.8
       * reads by its class name: it says what it chooses, and the choice. */
      if (button != NULL)
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, _("Region"),
                                          -1);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (button),
                                          GTK_ACCESSIBLE_RELATION_LABELLED_BY, child, NULL,
                                          -1);
        }
    }
}

/* The region chooser's search, as GTK 4.8's drop-down builds it: a
 * search entry and a list over a GtkFilterListModel with a
 * GtkStringFilter of our expression. It matches prefixes only (the
 * drop-down's "search-match-mode" came with 4.12), shows an empty box when
 * nothing matches, and leaves the focus on the button, so that typed
 * letters are lost. The filter matches any part of either name or the id
 * here, a line says when nothing does, and the search takes the focus. */

static GtkWidget *
find_child_of_type (GtkWidget *root,
                    GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_child_of_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static GtkFilterListModel *
region_search_model (FerryImagesPage *self)
{
  GtkWidget *list = find_child_of_type (GTK_WIDGET (self->region_dropdown), GTK_TYPE_LIST_VIEW);
  GtkSelectionModel *selection = list != NULL ? gtk_list_view_get_model (GTK_LIST_VIEW (list)) : NULL;
  GListModel *model = GTK_IS_SINGLE_SELECTION (selection)
                      ? gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)) : NULL;

  return GTK_IS_FILTER_LIST_MODEL (model) ? GTK_FILTER_LIST_MODEL (model) : NULL;
}

static void
update_region_placeholder (FerryImagesPage *self)
{
  GtkFilterListModel *model = region_search_model (self);
  GtkWidget *entry = find_child_of_type (GTK_WIDGET (self->region_dropdown), GTK_TYPE_SEARCH_ENTRY);
  gboolean searching = entry != NULL && *gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0';

  gboolean none = searching && model != NULL &&
                  g_list_model_get_n_items (G_LIST_MODEL (model)) == 0 &&
                  gtk_filter_list_model_get_pending (model) == 0;

  if (self->region_placeholder == NULL)
    return;
  /* The sentence instead of the empty list. */
  gtk_widget_set_visible (self->region_placeholder, none);
  gtk_widget_set_visible (gtk_widget_get_prev_sibling (self->region_placeholder), !none);
}

static void
region_popover_mapped_cb (FerryImagesPage *self)
{
  GtkWidget *entry = find_child_of_type (GTK_WIDGET (self->region_dropdown), GTK_TYPE_SEARCH_ENTRY);

  if (entry != NULL)
    gtk_widget_grab_focus (entry);
}

static void
setup_region_search (FerryImagesPage *self)
{
  GtkFilterListModel *model = region_search_model (self);
  GtkWidget *popover = find_child_of_type (GTK_WIDGET (self->region_dropdown), GTK_TYPE_POPOVER);
  GtkWidget *list = find_child_of_type (GTK_WIDGET (self->region_dropdown), GTK_TYPE_LIST_VIEW);
  GtkWidget *scrolled = list != NULL ? gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW) : NULL;
  GtkFilter *filter = model != NULL ? gtk_filter_list_model_get_filter (model) : NULL;

  /* Another GTK builds it otherwise: its own search then, unchanged. */
  if (!GTK_IS_STRING_FILTER (filter) || popover == NULL || scrolled == NULL ||
      !GTK_IS_BOX (gtk_widget_get_parent (scrolled)))
    return;

  gtk_string_filter_set_match_mode (GTK_STRING_FILTER (filter), GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);

  self->region_placeholder = gtk_label_new (_("No region matches"));
  gtk_widget_add_css_class (self->region_placeholder, "dim-label");
  gtk_widget_set_margin_top (self->region_placeholder, 12);
  gtk_widget_set_margin_bottom (self->region_placeholder, 12);
  gtk_widget_set_visible (self->region_placeholder, FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (scrolled)), self->region_placeholder, scrolled);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (update_region_placeholder),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (model, "notify::pending", G_CALLBACK (update_region_placeholder),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "map", G_CALLBACK (region_popover_mapped_cb),
                           self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static GtkListItemFactory *
region_factory_new (gboolean in_list)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_region_cb), GINT_TO_POINTER (in_list));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_region_cb), GINT_TO_POINTER (in_list));
  return factory;
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

static const char *
sort_column_id (FerryImagesPage *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    if (self->columns[i] == self->sort_column && self->sort_column != NULL)
      return column_ids[i];
  return "";
}

/* images.sort-by: a column; the same one again turns the order round,
 * like a second click on its header. */
static void
set_sort_column (FerryImagesPage *self,
                 const char      *id)
{
  GtkColumnViewColumn *column = NULL;

  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_strcmp0 (column_ids[i], id) == 0)
      column = self->columns[i];
  if (column == NULL)
    sort_by (self, NULL, FALSE);
  else
    sort_by (self, column, column == self->sort_column && !self->sort_descending);
}

/* images.sort-order: "ascending" or "descending", of the sorted column
 * (by name when there is none). */
static void
set_sort_order (FerryImagesPage *self,
                const char      *order)
{
  GtkColumnViewColumn *column = self->sort_column != NULL ? self->sort_column : self->name_column;

  sort_by (self, column, g_strcmp0 (order, "descending") == 0);
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

  popup_row_menu_at (self, anchor, MIN (48, gtk_widget_get_width (anchor) / 2),
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
  GListModel *catalogue;
  FerryRegion *initial = NULL;
  guint position = 0;

  g_return_if_fail (FERRY_IS_IMAGES_PAGE (self));
  g_return_if_fail (client == NULL || FERRY_IS_CLIENT (client));
  g_return_if_fail ((client == NULL) == (account == NULL));

  cancel_load (self);
  g_set_object (&self->client, client);
  g_set_object (&self->account, account);

  self->updating_regions = TRUE;
  g_list_store_remove_all (self->regions);
  if (client != NULL)
    {
      /* The regions where the account has a project, in catalogue order. */
      catalogue = G_LIST_MODEL (ferry_client_get_catalogue (client));
      for (guint i = 0; i < g_list_model_get_n_items (catalogue); i++)
        {
          g_autoptr(FerryRegion) item = g_list_model_get_item (catalogue, i);

          if (ferry_account_get_region_project (account, ferry_region_get_id (item)) != NULL)
            g_list_store_append (self->regions, item);
        }
    }
  /* Borrowed: the store keeps the regions alive. */
  initial = find_region (self, region, &position);
  if (initial == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->regions)) > 0)
    {
      g_autoptr(FerryRegion) first = g_list_model_get_item (G_LIST_MODEL (self->regions), 0);

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

  return G_LIST_MODEL (self->regions);
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

  if (find_region (self, region, &position) != NULL)
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

  return self->loading;
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
  const char *verdict;

  g_return_val_if_fail (FERRY_IS_IMAGES_PAGE (self), NULL);

  image = ferry_images_page_get_selected_image (self);
  if (image == NULL)
    return NULL;
  verdict = image_verdict (image);
  return verdict != NULL && *verdict != '\0' ? verdict : NULL;
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
  update_compact (self, width);

  /* A count cut to "1…" says nothing: on a narrow window it steps aside.
   * Opacity, not visibility, so the layout does not change again. */
  gtk_widget_measure (GTK_WIDGET (self->count_label), GTK_ORIENTATION_HORIZONTAL, -1,
                      NULL, &natural, NULL, NULL);
  gtk_widget_set_opacity (GTK_WIDGET (self->count_label),
                          gtk_widget_get_width (GTK_WIDGET (self->count_label)) >= natural ? 1.0 : 0.0);
  /* The row menu is a popover of the page itself. */
  gtk_popover_present (GTK_POPOVER (self->row_menu));
}

static void
ferry_images_page_realize (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ferry_images_page_parent_class)->realize (widget);

  /* Now the fonts are those of the screen. */
  measure_columns (FERRY_IMAGES_PAGE (widget));
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
    measure_columns (FERRY_IMAGES_PAGE (widget));
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
  if (self->search_filter != NULL)
    gtk_custom_filter_set_filter_func (self->search_filter, NULL, NULL, NULL);
  cancel_load (self);
  g_clear_handle_id (&self->sort_sync_id, g_source_remove);
  g_clear_handle_id (&self->compact_id, g_source_remove);

  g_clear_pointer (&self->row_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_IMAGES_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selection);
  g_clear_object (&self->first_selected);
  g_clear_pointer (&self->copy_hint_text, g_free);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->images);
  g_clear_object (&self->regions);
  g_clear_object (&self->region);
  g_clear_object (&self->account);
  g_clear_object (&self->client);
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->search, g_free);

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
      g_value_set_boolean (value, self->loading);
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
      g_value_set_boolean (value, self->copyable_only);
      break;
    case PROP_SORT_COLUMN:
      g_value_set_string (value, sort_column_id (self));
      break;
    case PROP_SORT_ORDER:
      g_value_set_string (value, self->sort_descending ? "descending" : "ascending");
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
      set_sort_column (self, g_value_get_string (value));
      break;
    case PROP_SORT_ORDER:
      set_sort_order (self, g_value_get_string (value));
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

  verdict_quark = g_quark_from_static_string ("ferry-images-page-verdict");
  search_key_quark = g_quark_from_static_string ("ferry-images-page-search-key");
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
  g_autoptr(GtkExpression) region_expression = NULL;
  g_autoptr(GtkListItemFactory) button_factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;
  GtkEventController *shortcuts;
  GtkFilter *filter;
  GtkSorter *view_sorter;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The regions */
  self->regions = g_list_store_new (FERRY_TYPE_REGION);
  region_expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                   G_CALLBACK (region_search_text), NULL, NULL);
  gtk_drop_down_set_expression (self->region_dropdown, region_expression);
  button_factory = region_factory_new (FALSE);
  list_factory = region_factory_new (TRUE);
  gtk_drop_down_set_factory (self->region_dropdown, button_factory);
  gtk_drop_down_set_list_factory (self->region_dropdown, list_factory);
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (self->regions));
  setup_region_search (self);

  /* The table: columns, sorters, and the models from the store up. */
  self->columns[COLUMN_NAME] = self->name_column;
  self->columns[COLUMN_STATUS] = self->status_column;
  self->columns[COLUMN_TYPE] = self->type_column;
  self->columns[COLUMN_OS] = self->os_column;
  self->columns[COLUMN_SIZE] = self->size_column;
  self->columns[COLUMN_ENCRYPTED] = self->encrypted_column;
  self->columns[COLUMN_CREATED] = self->created_column;
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = cell_factory_new (self, i);
      g_autoptr(GtkSorter) sorter = column_sorter_new (i);

      gtk_column_view_column_set_factory (self->columns[i], factory);
      gtk_column_view_column_set_sorter (self->columns[i], sorter);
    }

  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
    g_autoptr(GtkSorter) sorter = column_sorter_new (COLUMN_NAME);

    g_signal_connect_object (factory, "setup", G_CALLBACK (setup_summary_cb), self, 0);
    g_signal_connect_object (factory, "bind", G_CALLBACK (bind_summary_cb), self, 0);
    gtk_column_view_column_set_factory (self->summary_column, factory);
    gtk_column_view_column_set_sorter (self->summary_column, sorter);
  }

  self->images = g_list_store_new (FERRY_TYPE_IMAGE);
  /* Sorted first, so that typing only filters and never sorts again. */
  view_sorter = gtk_column_view_get_sorter (self->column_view);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->images)),
                                          g_object_ref (view_sorter));
  g_signal_connect_object (view_sorter, "changed", G_CALLBACK (view_sorter_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->search_filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->copyable_filter = gtk_custom_filter_new (NULL, NULL, NULL);
  filter = GTK_FILTER (gtk_every_filter_new ());
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter), GTK_FILTER (self->search_filter));
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter), GTK_FILTER (self->copyable_filter));

  /* Not incremental: GTK 4.8 then empties the table and refills it batch
   * by batch, making every visible row again at each keystroke (about
   * 450 ms a keystroke at 10,000 images, against 7 ms in one pass over
   * the precomputed search keys; tests/bench/images-page.c --incremental). */
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)), filter);
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

  gtk_widget_set_has_tooltip (GTK_WIDGET (self->column_view), TRUE);
  g_signal_connect_object (self->column_view, "query-tooltip", G_CALLBACK (query_tooltip_cb),
                           self, G_CONNECT_SWAPPED);

  /* Ctrl+click, before GTK's own gestures see it. */
  {
    GtkGesture *ctrl_click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (ctrl_click), GDK_BUTTON_PRIMARY);
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (ctrl_click), GTK_PHASE_CAPTURE);
    g_signal_connect_object (ctrl_click, "pressed", G_CALLBACK (table_ctrl_pressed_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (ctrl_click));
  }

  /* The row menu: right click, or a long press on a touch screen. */
  {
    GtkGesture *click = gtk_gesture_click_new ();
    GtkGesture *long_press = gtk_gesture_long_press_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
    g_signal_connect_object (click, "pressed", G_CALLBACK (table_pressed_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
    gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
    g_signal_connect_object (long_press, "pressed", G_CALLBACK (table_long_pressed_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (long_press));
  }

  /* The row menu: "Copy…" and, beneath it, why it is not available. */
  self->row_menu = gtk_popover_menu_new_from_model (self->row_menu_model);
  self->row_menu_hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->row_menu_hint, TRUE);
  gtk_label_set_max_width_chars (self->row_menu_hint, 32);
  gtk_label_set_xalign (self->row_menu_hint, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->row_menu_hint), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->row_menu_hint), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->row_menu_hint), "ferry-menu-hint");
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (self->row_menu),
                              GTK_WIDGET (self->row_menu_hint), "copy-hint");
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_menu), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->row_menu), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->row_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->row_menu, GTK_WIDGET (self));

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

  gtk_label_set_text (self->row_menu_hint, copy_hint (self));
  update_state (self);
  update_actions (self);
}
