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

void
ferry_a11y_present_dialog (GtkWindow *dialog)
{
  GtkWindow *parent;

  g_return_if_fail (GTK_IS_WINDOW (dialog));

  parent = gtk_window_get_transient_for (dialog);
  if (parent != NULL)
    {
      FocusReturn *focus_return = g_new0 (FocusReturn, 1);

      g_weak_ref_init (&focus_return->parent, parent);
      /* The parent's own focus: a menu's item or the row menu's has its
       * own root, and leaves the button or the row here. */
      g_weak_ref_init (&focus_return->opener, gtk_root_get_focus (GTK_ROOT (parent)));
      g_signal_connect_data (dialog, "unmap", G_CALLBACK (dialog_unmap_cb),
                             focus_return, focus_return_free, 0);
    }
  gtk_window_present (dialog);
}
