/* ferry-copy-choice.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-copy-choice.h"

struct _FerryCopyChoice
{
  GObject   parent_instance;

  char     *label;
  char     *detail;
  char     *reason;
  GObject  *item;
};

G_DEFINE_FINAL_TYPE (FerryCopyChoice, ferry_copy_choice, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_DETAIL,
  PROP_REASON,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

FerryCopyChoice *
ferry_copy_choice_new (const char *label,
                       const char *detail,
                       const char *reason,
                       gpointer    item)
{
  g_return_val_if_fail (item == NULL || G_IS_OBJECT (item), NULL);

  return g_object_new (FERRY_TYPE_COPY_CHOICE,
                       "label", label,
                       "detail", detail,
                       "reason", reason,
                       "item", item,
                       NULL);
}

const char *
ferry_copy_choice_get_label (FerryCopyChoice *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_CHOICE (self), NULL);
  return self->label;
}

const char *
ferry_copy_choice_get_detail (FerryCopyChoice *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_CHOICE (self), NULL);
  return self->detail;
}

const char *
ferry_copy_choice_get_reason (FerryCopyChoice *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_CHOICE (self), NULL);
  return self->reason;
}

gpointer
ferry_copy_choice_get_item (FerryCopyChoice *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_CHOICE (self), NULL);
  return self->item;
}

gboolean
ferry_copy_choice_is_allowed (FerryCopyChoice *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_CHOICE (self), FALSE);
  return self->reason == NULL;
}

static void
ferry_copy_choice_finalize (GObject *object)
{
  FerryCopyChoice *self = FERRY_COPY_CHOICE (object);

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->detail, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_object (&self->item);

  G_OBJECT_CLASS (ferry_copy_choice_parent_class)->finalize (object);
}

static void
ferry_copy_choice_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryCopyChoice *self = FERRY_COPY_CHOICE (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_copy_choice_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FerryCopyChoice *self = FERRY_COPY_CHOICE (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;
    case PROP_DETAIL:
      self->detail = g_value_dup_string (value);
      break;
    case PROP_REASON:
      self->reason = g_value_dup_string (value);
      break;
    case PROP_ITEM:
      self->item = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_copy_choice_class_init (FerryCopyChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_copy_choice_finalize;
  object_class->get_property = ferry_copy_choice_get_property;
  object_class->set_property = ferry_copy_choice_set_property;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_copy_choice_init (FerryCopyChoice *self)
{
}

/* The list factory */

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *reason = gtk_label_new (NULL);

  for (GtkWidget *l = label; l != NULL; l = l == label ? detail : l == detail ? reason : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (l), 0.0);
      gtk_label_set_wrap (GTK_LABEL (l), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (l), PANGO_WRAP_WORD_CHAR);
      /* Long reasons wrap instead of widening the popover past a phone. */
      gtk_label_set_max_width_chars (GTK_LABEL (l), 40);
      gtk_box_append (GTK_BOX (box), l);
    }
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (reason, "caption");
  gtk_widget_add_css_class (reason, "error");
  gtk_list_item_set_child (item, box);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  FerryCopyChoice *choice = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *detail = gtk_widget_get_next_sibling (label);
  GtkWidget *reason = gtk_widget_get_next_sibling (detail);
  gboolean allowed = ferry_copy_choice_is_allowed (choice);

  gtk_label_set_text (GTK_LABEL (label), choice->label);
  gtk_label_set_text (GTK_LABEL (detail), choice->detail != NULL ? choice->detail : "");
  gtk_widget_set_visible (detail, choice->detail != NULL);
  gtk_label_set_text (GTK_LABEL (reason), choice->reason != NULL ? choice->reason : "");
  gtk_widget_set_visible (reason, choice->reason != NULL);

  /* Greyed out, but the reason stays readable: the label only is dimmed. */
  gtk_widget_set_sensitive (label, allowed);
  gtk_list_item_set_selectable (item, allowed);
  gtk_list_item_set_activatable (item, allowed);
  gtk_widget_set_tooltip_text (box, choice->reason);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, choice->label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  choice->reason != NULL ? choice->reason : (choice->detail != NULL ? choice->detail : ""),
                                  -1);
}

GtkListItemFactory *
ferry_copy_choice_list_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  return factory;
}

/* Combo rows */

#define ROW_BUSY "ferry-choice-busy"
#define ROW_LAST "ferry-choice-last-selected"

void
ferry_copy_choice_setup_row (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = ferry_copy_choice_list_factory_new ();
  GtkExpression *label = gtk_property_expression_new (FERRY_TYPE_COPY_CHOICE, NULL, "label");

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  adw_combo_row_set_expression (row, label);
  gtk_expression_unref (label);
  adw_combo_row_set_list_factory (row, factory);
}

static void
row_set_busy (AdwComboRow *row,
              gboolean     busy)
{
  g_object_set_data (G_OBJECT (row), ROW_BUSY, GINT_TO_POINTER (busy));
}

void
ferry_copy_choice_row_set_choices (AdwComboRow *row,
                                   GListModel  *choices,
                                   guint        preferred_position,
                                   const char  *preferred)
{
  guint n = g_list_model_get_n_items (choices);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryCopyChoice) choice = g_list_model_get_item (choices, i);

      if (!ferry_copy_choice_is_allowed (choice))
        continue;
      if (i == preferred_position ||
          (preferred != NULL && g_strcmp0 (ferry_copy_choice_get_label (choice), preferred) == 0))
        {
          selected = i;
          break;
        }
      if (selected == GTK_INVALID_LIST_POSITION)
        selected = i;
    }

  row_set_busy (row, TRUE);
  adw_combo_row_set_model (row, choices);
  adw_combo_row_set_selected (row, selected);
  g_object_set_data (G_OBJECT (row), ROW_LAST, GUINT_TO_POINTER (selected + 1));
  row_set_busy (row, FALSE);
}

gboolean
ferry_copy_choice_row_take_selection (AdwComboRow *row)
{
  FerryCopyChoice *choice;
  guint selected;

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), FALSE);

  if (g_object_get_data (G_OBJECT (row), ROW_BUSY) != NULL)
    return FALSE;

  /* set_selected and type-ahead may still land on a greyed-out choice. */
  choice = adw_combo_row_get_selected_item (row);
  selected = adw_combo_row_get_selected (row);
  if (choice != NULL && !ferry_copy_choice_is_allowed (choice))
    {
      guint last = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), ROW_LAST));

      row_set_busy (row, TRUE);
      adw_combo_row_set_selected (row, last > 0 ? last - 1 : GTK_INVALID_LIST_POSITION);
      row_set_busy (row, FALSE);
      return FALSE;
    }
  g_object_set_data (G_OBJECT (row), ROW_LAST, GUINT_TO_POINTER (selected + 1));
  return TRUE;
}

gpointer
ferry_copy_choice_row_get_item (AdwComboRow *row)
{
  FerryCopyChoice *choice;

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), NULL);

  choice = adw_combo_row_get_selected_item (row);
  if (choice == NULL || !ferry_copy_choice_is_allowed (choice))
    return NULL;
  return ferry_copy_choice_get_item (choice);
}
