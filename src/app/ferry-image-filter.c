/* ferry-image-filter.c: the images the search text and "can be copied"
 * leave in the table
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One filter for both, so that a keystroke is one pass of a strstr() over
 * search keys computed as the images arrived (ferry-image-list.c), and so
 * that GtkFilterListModel is told how the change narrows or widens what
 * matches: typing on only ever narrows, erasing only ever widens, and the
 * model then looks only at the rows that may change.
 */

#include "config.h"

#include <string.h>

#include "ferry-image-filter.h"
#include "ferry-image-list.h"

struct _FerryImageFilter
{
  GtkFilter  parent_instance;

  char      *search;
  gboolean   copyable_only;
};

G_DEFINE_FINAL_TYPE (FerryImageFilter, ferry_image_filter, GTK_TYPE_FILTER)

enum {
  PROP_0,
  PROP_COPYABLE_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
ferry_image_filter_match (GtkFilter *filter,
                          gpointer   item)
{
  FerryImageFilter *self = FERRY_IMAGE_FILTER (filter);

  if (self->copyable_only && ferry_image_list_get_verdict (item) != NULL)
    return FALSE;
  return self->search == NULL || ferry_image_list_matches (item, self->search);
}

static GtkFilterMatch
ferry_image_filter_get_strictness (GtkFilter *filter)
{
  FerryImageFilter *self = FERRY_IMAGE_FILTER (filter);

  if (self->search == NULL && !self->copyable_only)
    return GTK_FILTER_MATCH_ALL;
  return GTK_FILTER_MATCH_SOME;
}

void
ferry_image_filter_set_search (FerryImageFilter *self,
                               const char       *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *search = NULL;
  g_autofree char *old = NULL;

  g_return_if_fail (FERRY_IS_IMAGE_FILTER (self));

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  search = *stripped != '\0' ? ferry_image_list_fold (stripped) : NULL;
  if (g_strcmp0 (search, self->search) == 0)
    return;

  old = g_steal_pointer (&self->search);
  self->search = g_steal_pointer (&search);
  if (old == NULL)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_MORE_STRICT);
  else if (self->search == NULL)
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_LESS_STRICT);
  else
    gtk_filter_changed (GTK_FILTER (self),
                        strstr (self->search, old) != NULL ? GTK_FILTER_CHANGE_MORE_STRICT :
                        strstr (old, self->search) != NULL ? GTK_FILTER_CHANGE_LESS_STRICT :
                        GTK_FILTER_CHANGE_DIFFERENT);
}

const char *
ferry_image_filter_get_search (FerryImageFilter *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE_FILTER (self), NULL);

  return self->search;
}

void
ferry_image_filter_set_copyable_only (FerryImageFilter *self,
                                      gboolean          copyable_only)
{
  g_return_if_fail (FERRY_IS_IMAGE_FILTER (self));

  copyable_only = !!copyable_only;
  if (self->copyable_only == copyable_only)
    return;
  self->copyable_only = copyable_only;
  gtk_filter_changed (GTK_FILTER (self), copyable_only ? GTK_FILTER_CHANGE_MORE_STRICT
                                                       : GTK_FILTER_CHANGE_LESS_STRICT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COPYABLE_ONLY]);
}

gboolean
ferry_image_filter_get_copyable_only (FerryImageFilter *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE_FILTER (self), FALSE);

  return self->copyable_only;
}

FerryImageFilter *
ferry_image_filter_new (void)
{
  return g_object_new (FERRY_TYPE_IMAGE_FILTER, NULL);
}

static void
ferry_image_filter_finalize (GObject *object)
{
  FerryImageFilter *self = FERRY_IMAGE_FILTER (object);

  g_free (self->search);

  G_OBJECT_CLASS (ferry_image_filter_parent_class)->finalize (object);
}

static void
ferry_image_filter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryImageFilter *self = FERRY_IMAGE_FILTER (object);

  switch (prop_id)
    {
    case PROP_COPYABLE_ONLY:
      g_value_set_boolean (value, self->copyable_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_image_filter_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FerryImageFilter *self = FERRY_IMAGE_FILTER (object);

  switch (prop_id)
    {
    case PROP_COPYABLE_ONLY:
      ferry_image_filter_set_copyable_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_image_filter_class_init (FerryImageFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = ferry_image_filter_finalize;
  object_class->get_property = ferry_image_filter_get_property;
  object_class->set_property = ferry_image_filter_set_property;
  filter_class->match = ferry_image_filter_match;
  filter_class->get_strictness = ferry_image_filter_get_strictness;

  properties[PROP_COPYABLE_ONLY] =
    g_param_spec_boolean ("copyable-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_image_filter_init (FerryImageFilter *self)
{
}
