/* ferry-image-region-chooser.c: the images page's region chooser
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkDropDown of the regions where the account has a project, each
 * shown by its name and, in the list, its id, with a search that finds
 * any part of either name or the id.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "ferry-image-region-chooser.h"

struct _FerryImageRegionChooser
{
  GObject      parent_instance;

  GtkDropDown *dropdown;
  GListStore  *regions;
  /* "No region matches", under the list. */
  GtkWidget   *region_placeholder;
};

G_DEFINE_FINAL_TYPE (FerryImageRegionChooser, ferry_image_region_chooser, G_TYPE_OBJECT)

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
region_search_model (FerryImageRegionChooser *self)
{
  GtkWidget *list = find_child_of_type (GTK_WIDGET (self->dropdown), GTK_TYPE_LIST_VIEW);
  GtkSelectionModel *selection = list != NULL ? gtk_list_view_get_model (GTK_LIST_VIEW (list)) : NULL;
  GListModel *model = GTK_IS_SINGLE_SELECTION (selection)
                      ? gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)) : NULL;

  return GTK_IS_FILTER_LIST_MODEL (model) ? GTK_FILTER_LIST_MODEL (model) : NULL;
}

static void
update_region_placeholder (FerryImageRegionChooser *self)
{
  GtkFilterListModel *model = region_search_model (self);
  GtkWidget *entry = find_child_of_type (GTK_WIDGET (self->dropdown), GTK_TYPE_SEARCH_ENTRY);
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
region_popover_mapped_cb (FerryImageRegionChooser *self)
{
  GtkWidget *entry = find_child_of_type (GTK_WIDGET (self->dropdown), GTK_TYPE_SEARCH_ENTRY);

  if (entry != NULL)
    gtk_widget_grab_focus (entry);
}

static void
setup_region_search (FerryImageRegionChooser *self)
{
  GtkFilterListModel *model = region_search_model (self);
  GtkWidget *popover = find_child_of_type (GTK_WIDGET (self->dropdown), GTK_TYPE_POPOVER);
  GtkWidget *list = find_child_of_type (GTK_WIDGET (self->dropdown), GTK_TYPE_LIST_VIEW);
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

/* Public API */

FerryRegion *
ferry_image_region_chooser_find (FerryImageRegionChooser *self,
                                 const char              *id,
                                 guint                   *position)
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

GListModel *
ferry_image_region_chooser_get_regions (FerryImageRegionChooser *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE_REGION_CHOOSER (self), NULL);

  return G_LIST_MODEL (self->regions);
}

void
ferry_image_region_chooser_set_account (FerryImageRegionChooser *self,
                                        FerryClient             *client,
                                        FerryAccount            *account)
{
  GListModel *catalogue;

  g_return_if_fail (FERRY_IS_IMAGE_REGION_CHOOSER (self));

  g_list_store_remove_all (self->regions);
  if (client == NULL)
    return;

  /* The regions where the account has a project, in catalogue order. */
  catalogue = G_LIST_MODEL (ferry_client_get_catalogue (client));
  for (guint i = 0; i < g_list_model_get_n_items (catalogue); i++)
    {
      g_autoptr(FerryRegion) item = g_list_model_get_item (catalogue, i);

      if (ferry_account_get_region_project (account, ferry_region_get_id (item)) != NULL)
        g_list_store_append (self->regions, item);
    }
}

FerryImageRegionChooser *
ferry_image_region_chooser_new (GtkDropDown *dropdown)
{
  FerryImageRegionChooser *self;
  g_autoptr(GtkExpression) expression = NULL;
  g_autoptr(GtkListItemFactory) button_factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;

  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), NULL);

  self = g_object_new (FERRY_TYPE_IMAGE_REGION_CHOOSER, NULL);
  self->dropdown = g_object_ref (dropdown);
  self->regions = g_list_store_new (FERRY_TYPE_REGION);
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (region_search_text), NULL, NULL);
  gtk_drop_down_set_expression (dropdown, expression);
  button_factory = region_factory_new (FALSE);
  list_factory = region_factory_new (TRUE);
  gtk_drop_down_set_factory (dropdown, button_factory);
  gtk_drop_down_set_list_factory (dropdown, list_factory);
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (self->regions));
  setup_region_search (self);
  return self;
}

static void
ferry_image_region_chooser_dispose (GObject *object)
{
  FerryImageRegionChooser *self = FERRY_IMAGE_REGION_CHOOSER (object);

  g_clear_object (&self->regions);
  g_clear_object (&self->dropdown);

  G_OBJECT_CLASS (ferry_image_region_chooser_parent_class)->dispose (object);
}

static void
ferry_image_region_chooser_class_init (FerryImageRegionChooserClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ferry_image_region_chooser_dispose;
}

static void
ferry_image_region_chooser_init (FerryImageRegionChooser *self)
{
}
