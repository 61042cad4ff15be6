/* ferry-image-list.c: a region's private images, loaded page by page
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pages come one after the other (each asks for the images after the
 * last one of the page before), and the client asks for the next page only
 * once the page callback returns. So the callback only keeps the page;
 * judging the images and adding them to the list happen once the next
 * request is on its way, and several pages that arrived meanwhile go in as
 * one change, so that the models above sort and filter once for them all
 * (tests/bench/images-page.py).
 */

#include "config.h"

#include <string.h>

#include "ferry-copy-plan.h"
#include "ferry-image-list.h"
#include "ferry-image-list-private.h"
#include "ferry-ims.h"

/* After the first page, which is shown at once, pages are added at most
 * this often: each change makes the table lay out and draw again. */
#define FLUSH_INTERVAL_MS 250
#define FLUSH_DELAY_MS 2

struct _FerryImageList
{
  GObject        parent_instance;

  GListStore    *images;
  /* FerryImage refs that arrived and are not in the list yet. */
  GPtrArray     *pending;
  guint          flush_id;
  gint64         last_flush;

  GCancellable  *cancellable;
  FerryCopyPlan *plan;
  gboolean       loading;
  GError        *error;
};

static void ferry_image_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FerryImageList, ferry_image_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ferry_image_list_model_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Only for the images that may not be copied: most may, and then need no
 * data of their own (memory per image, tests/bench/images-page.py). */
static GQuark verdict_quark;
/* The name folded, a newline, the id folded; only for the images whose
 * name or id folding changes (most are lower-case ASCII already). */
static GQuark search_key_quark;

/* GListModel */

static GType
ferry_image_list_get_item_type (GListModel *model)
{
  return FERRY_TYPE_IMAGE;
}

static guint
ferry_image_list_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (FERRY_IMAGE_LIST (model)->images));
}

static gpointer
ferry_image_list_get_item (GListModel *model,
                           guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (FERRY_IMAGE_LIST (model)->images), position);
}

static void
ferry_image_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ferry_image_list_get_item_type;
  iface->get_n_items = ferry_image_list_get_n_items;
  iface->get_item = ferry_image_list_get_item;
}

static void
images_changed_cb (FerryImageList *self,
                   guint           position,
                   guint           removed,
                   guint           added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* Searching */

char *
ferry_image_list_fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_ALL);

  return g_utf8_casefold (normalized != NULL ? normalized : "", -1);
}

static void
set_search_key (FerryImage *image)
{
  const char *name = ferry_image_get_name (image) != NULL ? ferry_image_get_name (image) : "";
  g_autofree char *folded_name = ferry_image_list_fold (name);
  g_autofree char *folded_id = ferry_image_list_fold (ferry_image_get_id (image));

  if (strcmp (folded_name, name) != 0 || strcmp (folded_id, ferry_image_get_id (image)) != 0)
    g_object_set_qdata_full (G_OBJECT (image), search_key_quark,
                             g_strconcat (folded_name, "\n", folded_id, NULL), g_free);
}

gboolean
ferry_image_list_matches (FerryImage *image,
                          const char *search)
{
  const char *key = g_object_get_qdata (G_OBJECT (image), search_key_quark);
  const char *id, *found;

  if (key == NULL)
    {
      const char *name = ferry_image_get_name (image);

      return (name != NULL && strstr (name, search) != NULL) ||
             g_str_has_prefix (ferry_image_get_id (image), search);
    }
  id = strchr (key, '\n') + 1;
  found = strstr (key, search);
  return (found != NULL && found < id) || g_str_has_prefix (id, search);
}

const char *
ferry_image_list_get_verdict (FerryImage *image)
{
  return g_object_get_qdata (G_OBJECT (image), verdict_quark);
}

/* Loading */

typedef struct
{
  FerryImageList *self;
  GCancellable   *cancellable;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->self);
  g_clear_object (&load->cancellable);
  g_free (load);
}

/* Judges @image (every image may be copied without a @plan) and gives it
 * its search key. */
static void
prepare (FerryImage    *image,
         FerryCopyPlan *plan)
{
  if (plan != NULL)
    {
      g_autoptr(GPtrArray) violations = ferry_copy_plan_judge_image (plan, image);

      if (violations->len > 0)
        {
          FerryViolation *first = g_ptr_array_index (violations, 0);

          g_object_set_qdata_full (G_OBJECT (image), verdict_quark,
                                   g_strdup (ferry_violation_get_message (first)), g_free);
        }
    }
  set_search_key (image);
}

static void
flush (FerryImageList *self)
{
  GPtrArray *pending = self->pending;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (pending->len == 0)
    return;

  for (guint i = 0; i < pending->len; i++)
    prepare (g_ptr_array_index (pending, i), self->plan);

  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->last_flush = g_get_monotonic_time ();
  g_list_store_splice (self->images, g_list_model_get_n_items (G_LIST_MODEL (self->images)), 0,
                       pending->pdata, pending->len);
  g_ptr_array_unref (pending);
}

void
ferry_image_list_add (FerryImageList *self,
                      FerryImage    **images,
                      guint           n_images,
                      FerryCopyPlan  *plan)
{
  g_return_if_fail (FERRY_IS_IMAGE_LIST (self));

  for (guint i = 0; i < n_images; i++)
    prepare (images[i], plan);
  g_list_store_splice (self->images, g_list_model_get_n_items (G_LIST_MODEL (self->images)), 0,
                       (gpointer *) images, n_images);
}

static gboolean
flush_cb (gpointer user_data)
{
  FerryImageList *self = user_data;

  self->flush_id = 0;
  flush (self);
  return G_SOURCE_REMOVE;
}

static void
load_page_cb (GListModel *page,
              gpointer    user_data)
{
  Load *load = user_data;
  FerryImageList *self = load->self;
  guint n = g_list_model_get_n_items (page);
  gint64 wait_ms;

  if (g_cancellable_is_cancelled (load->cancellable))
    return;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->pending, g_list_model_get_item (page, i));

  if (self->flush_id != 0)
    return;
  /* A few milliseconds at least: the next request is written out first.
   * Not at an idle priority: frames (a spinner turns while pages come)
   * would hold it back to the last page. */
  wait_ms = FLUSH_INTERVAL_MS - (g_get_monotonic_time () - self->last_flush) / 1000;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->images)) == 0)
    wait_ms = 0;
  self->flush_id = g_timeout_add (MAX (wait_ms, FLUSH_DELAY_MS), flush_cb, self);
}

static void
set_loading (FerryImageList *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Load *load = user_data;
  FerryImageList *self = load->self;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;

  all = ferry_ims_list_all_images_finish (FERRY_CLIENT (object), result, &error);
  if (g_cancellable_is_cancelled (load->cancellable) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      load_free (load);
      return;
    }

  flush (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->plan);
  self->error = g_steal_pointer (&error);
  /* Before "loading" turns FALSE: the page then never shows the empty
   * state of a load that failed. */
  g_signal_emit (self, signals[FINISHED], 0);
  set_loading (self, FALSE);
  load_free (load);
}

void
ferry_image_list_cancel (FerryImageList *self)
{
  g_return_if_fail (FERRY_IS_IMAGE_LIST (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->plan);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_ptr_array_set_size (self->pending, 0);
  set_loading (self, FALSE);
}

void
ferry_image_list_clear (FerryImageList *self)
{
  g_return_if_fail (FERRY_IS_IMAGE_LIST (self));

  ferry_image_list_cancel (self);
  g_clear_error (&self->error);
  self->last_flush = 0;
  g_list_store_remove_all (self->images);
}

void
ferry_image_list_load (FerryImageList *self,
                       FerryClient    *client,
                       FerryAccount   *account,
                       const char     *region,
                       const char     *project_id)
{
  const FerryImageQuery query = { .image_type = "private" };
  Load *load;

  g_return_if_fail (FERRY_IS_IMAGE_LIST (self));
  g_return_if_fail (FERRY_IS_CLIENT (client));

  ferry_image_list_clear (self);

  self->cancellable = g_cancellable_new ();
  /* Judges each image as it arrives: the verdict ferryctl check and the
   * copy dialog give too. */
  self->plan = ferry_copy_plan_new (client, account, region, FERRY_COPY_KIND_CROSS_REGION);

  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->cancellable = g_object_ref (self->cancellable);
  ferry_ims_list_all_images_async (client, region, project_id, &query,
                                   load_page_cb, load,
                                   self->cancellable, load_done_cb, load);
  set_loading (self, TRUE);
}

gboolean
ferry_image_list_get_loading (FerryImageList *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE_LIST (self), FALSE);

  return self->loading;
}

const GError *
ferry_image_list_get_error (FerryImageList *self)
{
  g_return_val_if_fail (FERRY_IS_IMAGE_LIST (self), NULL);

  return self->error;
}

FerryImageList *
ferry_image_list_new (void)
{
  return g_object_new (FERRY_TYPE_IMAGE_LIST, NULL);
}

static void
ferry_image_list_dispose (GObject *object)
{
  FerryImageList *self = FERRY_IMAGE_LIST (object);

  if (self->pending != NULL)
    ferry_image_list_cancel (self);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  if (self->images != NULL)
    g_signal_handlers_disconnect_by_data (self->images, self);
  g_clear_object (&self->images);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (ferry_image_list_parent_class)->dispose (object);
}

static void
ferry_image_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FerryImageList *self = FERRY_IMAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_image_list_class_init (FerryImageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_image_list_dispose;
  object_class->get_property = ferry_image_list_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  verdict_quark = g_quark_from_static_string ("ferry-image-list-verdict");
  search_key_quark = g_quark_from_static_string ("ferry-image-list-search-key");
}

static void
ferry_image_list_init (FerryImageList *self)
{
  self->images = g_list_store_new (FERRY_TYPE_IMAGE);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect_swapped (self->images, "items-changed", G_CALLBACK (images_changed_cb), self);
}
