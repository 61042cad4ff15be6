/* ferry-image-columns.c: the cells, widths, tooltips and sorting of the
 * images table
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows stay cheap to make: a cell is one GtkInscription, with no
 * controller or tooltip of its own; the table has one tooltip handler and
 * one Ctrl+click gesture, which find the row from the cell under the
 * pointer.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-image.h"
#include "ferry-image-columns.h"
#include "ferry-image-list.h"

typedef FerryImageColumn Column;

#define COLUMN_NAME      FERRY_IMAGE_COLUMN_NAME
#define COLUMN_STATUS    FERRY_IMAGE_COLUMN_STATUS
#define COLUMN_TYPE      FERRY_IMAGE_COLUMN_TYPE
#define COLUMN_OS        FERRY_IMAGE_COLUMN_OS
#define COLUMN_SIZE      FERRY_IMAGE_COLUMN_SIZE
#define COLUMN_ENCRYPTED FERRY_IMAGE_COLUMN_ENCRYPTED
#define COLUMN_CREATED   FERRY_IMAGE_COLUMN_CREATED
#define N_COLUMNS        FERRY_IMAGE_N_COLUMNS

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

struct _FerryImageColumns
{
  GObject              parent_instance;

  GtkColumnView       *view;
  GtkColumnViewColumn *columns[N_COLUMNS];
  GtkColumnViewColumn *summary_column;
  GtkColumnViewColumn *status_column;

  /* A narrow window: the name, its summary and the status only. */
  gboolean             compact;
  int                  compact_width;
  guint                compact_id;

  /* The column the table is sorted by (NULL: the service's order) and
   * the order, as the headers show them. */
  GtkColumnViewColumn *sort_column;
  gboolean             sort_descending;
  gboolean             sorting;
  guint                sort_sync_id;
};

G_DEFINE_FINAL_TYPE (FerryImageColumns, ferry_image_columns, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SORT_COLUMN,
  PROP_SORT_DESCENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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


/* The row menu at a point of the table: the row under it is selected
 * first. One gesture for the whole table, so that rows stay cheap to make. */
GtkListItem *
ferry_image_columns_item_at_point (FerryImageColumns  *self,
                                   double              x,
                                   double              y,
                                   GtkWidget         **cell)
{
  GtkWidget *view = GTK_WIDGET (self->view);

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


/* An image's name in full, and why it cannot be copied when it cannot. */
static gboolean
query_tooltip_cb (FerryImageColumns *self,
                  int                x,
                  int                y,
                  gboolean           keyboard,
                  GtkTooltip        *tooltip)
{
  GtkWidget *cell = NULL;
  GtkListItem *item;
  FerryImage *image;
  const char *verdict;
  const char *name;
  graphene_rect_t bounds;

  if (keyboard)
    return FALSE;
  item = ferry_image_columns_item_at_point (self, x, y, &cell);
  if (item == NULL ||
      !gtk_widget_compute_bounds (cell, GTK_WIDGET (self->view), &bounds))
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
  verdict = ferry_image_list_get_verdict (image);
  if (verdict != NULL)
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
table_ctrl_pressed_cb (GtkGestureClick   *gesture,
                       int                n_press,
                       double             x,
                       double             y,
                       FerryImageColumns *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *text = NULL;
  GtkWidget *row;
  GtkListItem *item;

  if ((state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK)) != GDK_CONTROL_MASK ||
      (item = ferry_image_columns_item_at_point (self, x, y, &text)) == NULL)
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
               FerryImageColumns        *self)
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
              FerryImageColumns        *self)
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
                  FerryImageColumns        *self)
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
                 FerryImageColumns        *self)
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
wide_min_width (FerryImageColumns *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->view));
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
  FerryImageColumns *self = user_data;
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
  gtk_column_view_insert_column (self->view, compact ? 0 : N_COLUMNS, self->summary_column);
  gtk_widget_queue_resize (GTK_WIDGET (self->view));
  return G_SOURCE_REMOVE;
}

void
ferry_image_columns_set_width (FerryImageColumns *self,
                               int                width)
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
cell_factory_new (FerryImageColumns *self,
                  Column             column)
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
measure_column (FerryImageColumns  *self,
                Column              column,
                const char        **values)
{
  GtkWidget *view = GTK_WIDGET (self->view);
  const char *title = gtk_column_view_column_get_title (self->columns[column]);
  /* A cell's padding on both sides, and a header's sort arrow beside it. */
  int width = text_width (view, title, TRUE) + 12 + 22;

  for (guint i = 0; values[i] != NULL; i++)
    width = MAX (width, text_width (view, values[i], FALSE) + 12);
  gtk_column_view_column_set_fixed_width (self->columns[column], width + 4);
}

void
ferry_image_columns_measure (FerryImageColumns *self)
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
set_sort_state (FerryImageColumns   *self,
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
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
    }
}

static void
sort_by (FerryImageColumns   *self,
         GtkColumnViewColumn *column,
         gboolean             descending)
{
  self->sorting = TRUE;
  /* GTK 4.8's gtk_column_view_sort_by_column() (gtk_column_view_sorter_set_column)
   * drops every sorter but updates the new column's header only: the
   * previous one kept its arrow. Clearing first updates that one
   * (gtk_column_view_sorter_clear tells the first column). */
  if (self->sort_column != NULL && self->sort_column != column)
    gtk_column_view_sort_by_column (self->view, NULL, GTK_SORT_ASCENDING);
  gtk_column_view_sort_by_column (self->view, column,
                                  descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
  self->sorting = FALSE;
  set_sort_state (self, column, descending);
}

/* A header's arrow, as GTK 4.8 draws it: its sort indicator's class. */
static void
find_sorted_header (FerryImageColumns    *self,
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
  FerryImageColumns *self = user_data;
  GtkColumnViewColumn *column = NULL;
  gboolean descending = FALSE;

  self->sort_sync_id = 0;
  find_sorted_header (self, GTK_WIDGET (self->view), &column, &descending);
  set_sort_state (self, column, descending);
  return G_SOURCE_REMOVE;
}

static void
view_sorter_changed_cb (FerryImageColumns *self,
                        GtkSorterChange    change,
                        GtkSorter         *sorter)
{
  if (!self->sorting && self->sort_sync_id == 0)
    self->sort_sync_id = g_idle_add (sync_sort_state_cb, self);
}

/* Public API */

const char *
ferry_image_columns_get_sort_column (FerryImageColumns *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE_COLUMNS (self), "");

  for (guint i = 0; i < N_COLUMNS; i++)
    if (self->columns[i] == self->sort_column && self->sort_column != NULL)
      return column_ids[i];
  return "";
}

gboolean
ferry_image_columns_get_sort_descending (FerryImageColumns *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE_COLUMNS (self), FALSE);

  return self->sort_descending;
}

void
ferry_image_columns_sort_by (FerryImageColumns *self,
                             const char        *id)
{
  GtkColumnViewColumn *column = NULL;

  g_return_if_fail (FERRY_IS_IMAGE_COLUMNS (self));

  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_strcmp0 (column_ids[i], id) == 0)
      column = self->columns[i];
  if (column == NULL)
    sort_by (self, NULL, FALSE);
  else
    sort_by (self, column, column == self->sort_column && !self->sort_descending);
}

void
ferry_image_columns_set_sort_order (FerryImageColumns *self,
                                    const char        *order)
{
  GtkColumnViewColumn *column;

  g_return_if_fail (FERRY_IS_IMAGE_COLUMNS (self));

  column = self->sort_column != NULL ? self->sort_column : self->columns[COLUMN_NAME];
  sort_by (self, column, g_strcmp0 (order, "descending") == 0);
}

static void
summary_factory_init (FerryImageColumns *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkSorter) sorter = column_sorter_new (COLUMN_NAME);

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_summary_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_summary_cb), self, 0);
  gtk_column_view_column_set_factory (self->summary_column, factory);
  gtk_column_view_column_set_sorter (self->summary_column, sorter);
}

FerryImageColumns *
ferry_image_columns_new (GtkColumnView        *view,
                         GtkColumnViewColumn **columns,
                         GtkColumnViewColumn  *summary)
{
  FerryImageColumns *self;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);

  self = g_object_new (FERRY_TYPE_IMAGE_COLUMNS, NULL);
  self->view = g_object_ref (view);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = cell_factory_new (self, i);
      g_autoptr(GtkSorter) sorter = column_sorter_new (i);

      self->columns[i] = g_object_ref (columns[i]);
      gtk_column_view_column_set_factory (self->columns[i], factory);
      gtk_column_view_column_set_sorter (self->columns[i], sorter);
    }
  self->status_column = self->columns[COLUMN_STATUS];
  self->summary_column = g_object_ref (summary);
  summary_factory_init (self);

  g_signal_connect_object (gtk_column_view_get_sorter (view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_has_tooltip (GTK_WIDGET (view), TRUE);
  g_signal_connect_object (view, "query-tooltip", G_CALLBACK (query_tooltip_cb),
                           self, G_CONNECT_SWAPPED);

  /* Ctrl+click, before GTK's own gestures see it. */
  {
    GtkGesture *ctrl_click = gtk_gesture_click_new ();

    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (ctrl_click), GDK_BUTTON_PRIMARY);
    gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (ctrl_click), GTK_PHASE_CAPTURE);
    g_signal_connect_object (ctrl_click, "pressed", G_CALLBACK (table_ctrl_pressed_cb), self, 0);
    gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (ctrl_click));
  }

  return self;
}

/* GObject */

static void
ferry_image_columns_dispose (GObject *object)
{
  FerryImageColumns *self = FERRY_IMAGE_COLUMNS (object);

  /* The last reference to the view may be ours: disposed, it drops its
   * columns, and its sorter says "changed" when the table was sorted.
   * Not to us, half disposed: the idle we would add would outlive us. */
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->view), self);
  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);
  g_clear_object (&self->summary_column);
  g_clear_object (&self->view);
  g_clear_handle_id (&self->sort_sync_id, g_source_remove);
  g_clear_handle_id (&self->compact_id, g_source_remove);

  G_OBJECT_CLASS (ferry_image_columns_parent_class)->dispose (object);
}

static void
ferry_image_columns_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FerryImageColumns *self = FERRY_IMAGE_COLUMNS (object);

  switch (prop_id)
    {
    case PROP_SORT_COLUMN:
      g_value_set_string (value, ferry_image_columns_get_sort_column (self));
      break;
    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->sort_descending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_image_columns_class_init (FerryImageColumnsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_image_columns_dispose;
  object_class->get_property = ferry_image_columns_get_property;

  properties[PROP_SORT_COLUMN] =
    g_param_spec_string ("sort-column", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_image_columns_init (FerryImageColumns *self)
{
}
