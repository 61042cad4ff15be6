/* ferry-a11y.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-a11y.h"

typedef struct
{
  GWeakRef parent;
  GWeakRef opener;
} FocusReturn;

static void
focus_return_free (gpointer  data,
                   GClosure *closure)
{
  FocusReturn *focus_return = data;

  g_weak_ref_clear (&focus_return->parent);
  g_weak_ref_clear (&focus_return->opener);
  g_free (focus_return);
}

static void
dialog_unmap_cb (GtkWidget   *dialog,
                 FocusReturn *focus_return)
{
  g_autoptr(GtkWidget) parent = g_weak_ref_get (&focus_return->parent);
  g_autoptr(GtkWidget) opener = g_weak_ref_get (&focus_return->opener);

  /* Closed with its parent: nothing to come back to. */
  if (parent == NULL || !gtk_widget_get_mapped (parent))
    return;

  /* Nothing else makes the parent active again without a window manager,
   * and not every window manager does: a screen reader then hears of no
   * focus at all. */
  gtk_window_present (GTK_WINDOW (parent));
  if (opener != NULL &&
      gtk_widget_get_root (opener) == GTK_ROOT (parent) &&
      gtk_widget_get_mapped (opener) &&
      gtk_widget_is_sensitive (opener) &&
      gtk_widget_get_focusable (opener))
    gtk_widget_grab_focus (opener);
}

/* GTK 4.8's handler of the parent's "destroy" (gtk_window_transient_parent_destroyed)
 * destroys a destroy-with-parent window but leaves it pointing at the
 * parent. When something still holds the window then (AdwMessageDialog
 * holds itself while it emits "response", an async call its own
 * reference), it outlives the parent, and its dispose disconnects four
 * handlers from the freed parent: four "invalid (NULL) class pointer"
 * warnings and four g_signal_handlers_disconnect_matched() criticals, as
 * when Quit or Stop Following closes the window under its own question.
 * Run after GTK's handler, while the parent is still alive. */
static void
parent_destroyed_cb (GtkWindow *dialog)
{
  gtk_window_set_transient_for (dialog, NULL);
}

void
ferry_a11y_present_dialog (GtkWindow *dialog)
{
  GtkWindow *parent;

  g_return_if_fail (GTK_IS_WINDOW (dialog));

  parent = gtk_window_get_transient_for (dialog);
  if (parent != NULL)
    {
      FocusReturn *focus_return = g_new0 (FocusReturn, 1);

      g_signal_connect_object (parent, "destroy", G_CALLBACK (parent_destroyed_cb),
                               dialog, G_CONNECT_SWAPPED);

      /* No wider or taller than the window it comes from, when that one is
       * small (a phone, a narrow window): libadwaita 1.2's windows keep
       * their default size wherever they open (its message dialogs adapt
       * themselves). Never below the dialog's own minimum. */
      if (!ADW_IS_MESSAGE_DIALOG (dialog) && !gtk_widget_get_visible (GTK_WIDGET (dialog)))
        {
          int width, height, min_width, min_height;
          int parent_width = gtk_widget_get_width (GTK_WIDGET (parent));
          int parent_height = gtk_widget_get_height (GTK_WIDGET (parent));

          gtk_window_get_default_size (dialog, &width, &height);
          gtk_widget_get_size_request (GTK_WIDGET (dialog), &min_width, &min_height);
          if (parent_width > 0 && (width <= 0 || width > parent_width))
            width = MAX (parent_width, min_width);
          if (parent_height > 0 && (height <= 0 || height > parent_height))
            height = MAX (parent_height, min_height);
          gtk_window_set_default_size (dialog, width, height);
        }

      g_weak_ref_init (&focus_return->parent, parent);
      /* The parent's own focus: a menu's item or the row menu's has its
       * own root, and leaves the button or the row here. */
      g_weak_ref_init (&focus_return->opener, gtk_root_get_focus (GTK_ROOT (parent)));
      g_signal_connect_data (dialog, "unmap", G_CALLBACK (dialog_unmap_cb),
                             focus_return, focus_return_free, 0);
    }
  gtk_window_present (dialog);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A row's title label: the first label in it (libadwaita 1.2 puts the
 * title before the subtitle). Its accessible label is its text, without
 * the mnemonic's underline. */
static GtkWidget *
title_label (GtkWidget *row)
{
  return find_descendant (row, GTK_TYPE_LABEL);
}

void
ferry_a11y_name_list_by_row (GtkWidget *row)
{
  GtkWidget *list;
  GtkWidget *title;

  g_return_if_fail (ADW_IS_PREFERENCES_ROW (row));

  list = gtk_widget_get_parent (row);
  title = title_label (row);
  g_return_if_fail (GTK_IS_LIST_BOX (list) && title != NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title, NULL,
                                  -1);
}

void
ferry_a11y_name_expander_lists (AdwExpanderRow *row)
{
  GtkWidget *header;
  GtkWidget *title;

  g_return_if_fail (ADW_IS_EXPANDER_ROW (row));

  /* The header, an action row, carries the title. */
  header = find_descendant (GTK_WIDGET (row), ADW_TYPE_ACTION_ROW);
  title = header != NULL ? title_label (header) : NULL;
  g_return_if_fail (title != NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_first_child (GTK_WIDGET (row)));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *list = GTK_IS_LIST_BOX (child) ? child : find_descendant (child, GTK_TYPE_LIST_BOX);

      if (list != NULL)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        title, NULL,
                                        -1);
    }
}

static void
peek_tooltip_cb (GtkWidget *button)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_widget_get_tooltip_text (button),
                                  -1);
}

static void
find_last_button (GtkWidget  *widget,
                  GtkWidget **last)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        *last = child;
      else
        find_last_button (child, last);
    }
}

void
ferry_a11y_name_peek_button (AdwPasswordEntryRow *row)
{
  GtkWidget *button = NULL;

  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  /* Its last button: the entry row's own "apply" button comes first. */
  find_last_button (GTK_WIDGET (row), &button);
  g_return_if_fail (button != NULL);
  /* "Show Text", then "Hide Text": the tooltip follows what it does. */
  g_signal_connect (button, "notify::tooltip-text", G_CALLBACK (peek_tooltip_cb), NULL);
  peek_tooltip_cb (button);
}

void
ferry_a11y_set_invalid (GtkWidget *widget,
                        gboolean   invalid)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (invalid)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}
