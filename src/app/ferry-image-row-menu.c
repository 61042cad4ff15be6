/* ferry-image-row-menu.c: the images table's row menu
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pair of gestures for the whole table, so that rows stay cheap to
 * make: the row under the pointer is found from the cell there
 * (ferry_image_columns_item_at_point()).
 */

#include "config.h"

#include "ferry-image-row-menu.h"

struct _FerryImageRowMenu
{
  GObject            parent_instance;

  GtkWidget         *parent;
  GtkWidget         *popover;
  GtkLabel          *hint;
  GtkWidget         *view;
  FerryImageColumns *columns;
  GtkSelectionModel *selection;
};

G_DEFINE_FINAL_TYPE (FerryImageRowMenu, ferry_image_row_menu, G_TYPE_OBJECT)

void
ferry_image_row_menu_popup_at (FerryImageRowMenu *self,
                               GtkWidget         *anchor,
                               double             x,
                               double             y)
{
  graphene_point_t point;

  g_return_if_fail (FERRY_IS_IMAGE_ROW_MENU (self));

  if (self->popover == NULL ||
      !gtk_widget_compute_point (anchor, self->parent, &GRAPHENE_POINT_INIT (x, y), &point))
    return;

  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
popup_at_point (FerryImageRowMenu *self,
                double             x,
                double             y)
{
  GtkListItem *item = ferry_image_columns_item_at_point (self->columns, x, y, NULL);

  if (item == NULL)
    return;

  /* A click on one of the selected rows acts on all of them, as in Files. */
  if (!gtk_selection_model_is_selected (self->selection, gtk_list_item_get_position (item)))
    gtk_selection_model_select_item (self->selection, gtk_list_item_get_position (item), TRUE);
  ferry_image_row_menu_popup_at (self, self->view, x, y);
}

static void
pressed_cb (GtkGestureClick   *gesture,
            int                n_press,
            double             x,
            double             y,
            FerryImageRowMenu *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_at_point (self, x, y);
}

static void
long_pressed_cb (GtkGestureLongPress *gesture,
                 double               x,
                 double               y,
                 FerryImageRowMenu   *self)
{
  popup_at_point (self, x, y);
}

void
ferry_image_row_menu_set_hint (FerryImageRowMenu *self,
                               const char        *hint)
{
  g_return_if_fail (FERRY_IS_IMAGE_ROW_MENU (self));

  if (self->hint != NULL)
    gtk_label_set_text (self->hint, hint);
}

void
ferry_image_row_menu_present (FerryImageRowMenu *self)
{
  g_return_if_fail (FERRY_IS_IMAGE_ROW_MENU (self));

  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

FerryImageRowMenu *
ferry_image_row_menu_new (GtkWidget         *parent,
                          GMenuModel        *model,
                          GtkColumnView     *view,
                          FerryImageColumns *columns,
                          GtkSelectionModel *selection)
{
  FerryImageRowMenu *self = g_object_new (FERRY_TYPE_IMAGE_ROW_MENU, NULL);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *long_press = gtk_gesture_long_press_new ();

  self->parent = parent;
  self->view = GTK_WIDGET (view);
  self->columns = g_object_ref (columns);
  self->selection = g_object_ref (selection);

  /* Right click, or a long press on a touch screen. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, 0);
  gtk_widget_add_controller (self->view, GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (long_press), TRUE);
  g_signal_connect_object (long_press, "pressed", G_CALLBACK (long_pressed_cb), self, 0);
  gtk_widget_add_controller (self->view, GTK_EVENT_CONTROLLER (long_press));

  /* "Copy…" and, beneath it, why it is not available. */
  self->popover = gtk_popover_menu_new_from_model (model);
  self->hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->hint, TRUE);
  gtk_label_set_max_width_chars (self->hint, 32);
  gtk_label_set_xalign (self->hint, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "ferry-menu-hint");
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (self->popover), GTK_WIDGET (self->hint),
                              "copy-hint");
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->popover), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, parent);

  return self;
}

static void
ferry_image_row_menu_dispose (GObject *object)
{
  FerryImageRowMenu *self = FERRY_IMAGE_ROW_MENU (object);

  self->hint = NULL;
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_object (&self->columns);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (ferry_image_row_menu_parent_class)->dispose (object);
}

static void
ferry_image_row_menu_class_init (FerryImageRowMenuClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ferry_image_row_menu_dispose;
}

static void
ferry_image_row_menu_init (FerryImageRowMenu *self)
{
}
