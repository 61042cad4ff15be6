/* ferry-copy-plan.c
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-cbr.h"
#include "ferry-copy-plan-private.h"
#include "ferry-error.h"
#include "ferry-iam.h"
#include "ferry-ims.h"

typedef struct _Gather Gather;

struct _Gather
{
  FerryCopyPlan *self;
  GTask         *task;          /* NULL once it returned */
  GSource       *cancel_source;
  guint          round;
  guint          pending;       /* facts of this round not settled yet */
};

G_DEFINE_FINAL_TYPE (FerryCopyPlan, ferry_copy_plan, G_TYPE_OBJECT)

G_DEFINE_QUARK (ferry-copy-plan-error-quark, ferry_copy_plan_error)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void gather_advance (Gather *g);

static void
fact_free (Fact *fact)
{
  g_clear_object (&fact->value);
  g_clear_pointer (&fact->quota, ferry_image_quota_free);
  g_clear_error (&fact->error);
  g_clear_pointer (&fact->waiting, g_ptr_array_unref);
  g_free (fact);
}

void
ferry_plan_image_entry_free (ImageEntry *entry)
{
  g_free (entry->id);
  g_free (entry->by_name);
  g_clear_object (&entry->known);
  g_free (entry->name);
  g_free (entry);
}

void
ferry_plan_destination_free (Destination *d)
{
  g_free (d->region_id);
  g_free (d->project_arg);
  g_free (d->vault_id);
  g_free (d);
}

Fact *
ferry_plan_lookup_fact (FerryCopyPlan *self,
             const char    *key)
{
  return g_hash_table_lookup (self->facts, key);
}

/* The fact of @key, made (pending, nothing known) when there is none. */
static Fact *
ensure_fact (FerryCopyPlan *self,
             const char    *key)
{
  Fact *fact = ferry_plan_lookup_fact (self, key);

  if (fact == NULL)
    {
      fact = g_new0 (Fact, 1);
      fact->grant = FERRY_GRANT_UNKNOWN;
      fact->waiting = g_ptr_array_new ();
      g_hash_table_insert (self->facts, g_strdup (key), fact);
    }
  return fact;
}

Fact *
ferry_plan_know_fact (FerryCopyPlan *self,
                      const char    *key,
                      gpointer       value)
{
  Fact *fact = ensure_fact (self, key);

  g_set_object (&fact->value, value);
  g_clear_error (&fact->error);
  fact->absent = FALSE;
  fact->state = FACT_KNOWN;
  return fact;
}

const char *
ferry_plan_source_project_id (FerryCopyPlan *self)
{
  FerryProject *project;

  if (self->source_project_id != NULL)
    return self->source_project_id;
  project = ferry_account_get_region_project (self->account, self->source_region);

  return project != NULL ? ferry_project_get_id (project) : NULL;
}

char *
ferry_plan_image_key (ImageEntry *entry)
{
  if (entry->id != NULL)
    return g_strconcat ("image-id\n", entry->id, NULL);
  return g_strconcat ("image-name\n", entry->by_name, NULL);
}

char *
ferry_plan_agency_key (const char *name)
{
  return g_strconcat ("agency\n", name, NULL);
}

char *
ferry_plan_vault_key (Destination *d)
{
  return g_strjoin ("\n", "vault", d->region_id, ferry_project_get_id (d->project), d->vault_id, NULL);
}

char *
ferry_plan_grant_key (FerryAgency *agency,
           const char  *scope)
{
  return g_strjoin ("\n", "grant", ferry_agency_get_id (agency), scope, NULL);
}

char *
ferry_plan_listing_key (Destination *d,
             const char  *name)
{
  return g_strjoin ("\n", "listing", d->region_id, ferry_project_get_id (d->project), name, NULL);
}

char *
ferry_plan_quota_key (Destination *d)
{
  return g_strjoin ("\n", "quota", d->region_id, ferry_project_get_id (d->project), NULL);
}

const char *
ferry_plan_destination_scope (Destination *d)
{
  if (d->project == NULL || ferry_project_is_default (d->project))
    return d->region_id;
  return ferry_project_get_name (d->project);
}

/* Settling facts */

static void
gather_fact_settled (Gather *g)
{
  g_assert (g->pending > 0);
  if (--g->pending == 0)
    gather_advance (g);
}

/* The facts of @keys are in: "changed", once, then every gathering
 * waiting for them moves on. */
static void
settle (FerryCopyPlan      *self,
        const char * const *keys)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();

  for (guint i = 0; keys[i] != NULL; i++)
    {
      Fact *fact = ferry_plan_lookup_fact (self, keys[i]);

      if (fact == NULL)
        continue;
      g_ptr_array_extend_and_steal (waiting, g_steal_pointer (&fact->waiting));
      fact->waiting = g_ptr_array_new ();
    }

  g_signal_emit (self, signals[CHANGED], 0);
  for (guint i = 0; i < waiting->len; i++)
    gather_fact_settled (g_ptr_array_index (waiting, i));
}

static void
fact_set (FerryCopyPlan *self,
          const char    *key,
          gpointer       value,
          GError        *error)
{
  Fact *fact = ferry_plan_lookup_fact (self, key);

  g_assert (fact != NULL);
  g_set_object (&fact->value, value);
  g_clear_error (&fact->error);
  fact->error = error;
  fact->state = error != NULL ? FACT_FAILED : FACT_KNOWN;
}

/* One request for one or more facts. It does not hold the plan: when the
 * plan is disposed, its cancellable is cancelled, and the answer is
 * dropped without touching it. */
typedef struct
{
  FerryCopyPlan *self;
  GCancellable  *cancellable;
  GStrv          keys;
  char          *name;     /* the name asked for, for an image by name */
} Request;

static void
request_free (Request *r)
{
  g_object_unref (r->cancellable);
  g_strfreev (r->keys);
  g_free (r->name);
  g_free (r);
}

static gboolean
request_dropped (Request *r)
{
  if (!g_cancellable_is_cancelled (r->cancellable))
    return FALSE;
  request_free (r);
  return TRUE;
}

static void
request_settle (Request *r)
{
  settle (r->self, (const char * const *) r->keys);
  request_free (r);
}

/* Creates the fact of @key (pending) when it is not known, or could not
 * be learned last time (it is asked again), and makes @g wait for it
 * while it is pending. TRUE when a request must be sent. */
static gboolean
need (Gather     *g,
      const char *key)
{
  FerryCopyPlan *self = g->self;
  Fact *fact = ferry_plan_lookup_fact (self, key);
  gboolean ask = fact == NULL || fact->state == FACT_FAILED;

  fact = ensure_fact (self, key);
  if (ask)
    {
      fact->state = FACT_PENDING;
      fact->absent = FALSE;
      g_clear_error (&fact->error);
    }
  if (fact->state == FACT_PENDING)
    {
      g_ptr_array_add (fact->waiting, g);
      g->pending++;
    }
  return ask;
}

static Request *
request_new (FerryCopyPlan *self,
             const char    *key)
{
  Request *r = g_new0 (Request, 1);

  r->self = self;
  r->cancellable = g_object_ref (self->cancellable);
  r->keys = g_new0 (char *, 2);
  r->keys[0] = g_strdup (key);
  self->n_requests++;
  return r;
}

/* Round one: images, agency, vaults */

static void
image_by_id_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(FerryImage) image = NULL;
  GError *error = NULL;

  image = ferry_ims_get_image_finish (FERRY_CLIENT (object), result, &error);
  if (request_dropped (r))
    {
      g_clear_error (&error);
      return;
    }
  fact_set (r->self, r->keys[0], image, error);
  request_settle (r);
}

static void
image_by_name_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(GListModel) images = NULL;
  g_autoptr(FerryImage) image = NULL;
  GError *error = NULL;
  guint n;

  images = ferry_ims_list_images_finish (FERRY_CLIENT (object), result, &error);
  if (request_dropped (r))
    {
      g_clear_error (&error);
      return;
    }

  n = images != NULL ? g_list_model_get_n_items (images) : 0;
  if (images != NULL && n == 1)
    image = g_list_model_get_item (images, 0);
  else if (images != NULL && n == 0)
    error = g_error_new (FERRY_COPY_PLAN_ERROR, FERRY_COPY_PLAN_ERROR_NO_IMAGE_NAMED,
                         _("No private image of %s is named “%s”."),
                         ferry_region_get_name (r->self->source), r->name);
  else if (images != NULL)
    {
      GString *ids = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FerryImage) one = g_list_model_get_item (images, i);

          g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", ferry_image_get_id (one));
        }
      /* Translators: a region, a name, then the ids of the images. */
      error = g_error_new (FERRY_COPY_PLAN_ERROR, FERRY_COPY_PLAN_ERROR_AMBIGUOUS_NAME,
                           _("Several images of %s are named “%s” (%s): give the id of the one to copy."),
                           ferry_region_get_name (r->self->source), r->name, ids->str);
      g_string_free (ids, TRUE);
    }

  fact_set (r->self, r->keys[0], image, error);
  request_settle (r);
}

static gboolean
ask_image (Gather     *g,
           ImageEntry *entry)
{
  FerryCopyPlan *self = g->self;
  g_autofree char *key = NULL;
  const char *project_id = ferry_plan_source_project_id (self);
  Request *r;

  if (entry->known != NULL)
    return FALSE;
  key = ferry_plan_image_key (entry);
  if (!need (g, key))
    return FALSE;

  if (project_id == NULL || self->source == NULL)
    {
      /* Nothing to ask: known at once. */
      fact_set (self, key, NULL,
                g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND,
                             _("The account has no project in region “%s”."), self->source_region));
      settle (self, (const char *[]) { key, NULL });
      return FALSE;
    }

  r = request_new (self, key);
  if (entry->id != NULL)
    ferry_ims_get_image_async (self->client, self->source_region, project_id, entry->id,
                               self->cancellable, image_by_id_cb, r);
  else
    {
      /* ListImages filters by exact name (documented, ims_03_0602); only
       * the account's own images can be copied. */
      FerryImageQuery query = { .image_type = "private", .name = entry->by_name };

      r->name = g_strdup (entry->by_name);
      ferry_ims_list_images_async (self->client, self->source_region, project_id, &query,
                                   self->cancellable, image_by_name_cb, r);
    }
  return TRUE;
}

static void
agencies_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(GListModel) agencies = NULL;
  g_autoptr(FerryAgency) found = NULL;
  GError *error = NULL;

  agencies = ferry_iam_list_agencies_finish (FERRY_CLIENT (object), result, &error);
  if (request_dropped (r))
    {
      g_clear_error (&error);
      return;
    }

  for (guint i = 0; agencies != NULL && i < g_list_model_get_n_items (agencies) && found == NULL; i++)
    {
      g_autoptr(FerryAgency) agency = g_list_model_get_item (agencies, i);

      if (g_strcmp0 (ferry_agency_get_name (agency), r->name) == 0)
        found = g_steal_pointer (&agency);
    }
  if (agencies != NULL && found == NULL)
    error = g_error_new (FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND,
                         _("The account has no agency named “%s”."), r->name);

  fact_set (r->self, r->keys[0], found, error);
  ferry_plan_lookup_fact (r->self, r->keys[0])->absent = agencies != NULL && found == NULL;
  request_settle (r);
}

static gboolean
ask_agency (Gather *g)
{
  FerryCopyPlan *self = g->self;
  g_autofree char *key = NULL;
  Request *r;

  if (self->kind != FERRY_COPY_KIND_CROSS_REGION || self->agency_name == NULL)
    return FALSE;
  key = ferry_plan_agency_key (self->agency_name);
  if (!need (g, key))
    return FALSE;

  r = request_new (self, key);
  r->name = g_strdup (self->agency_name);
  ferry_iam_list_agencies_async (self->client, self->source_region, self->agency_name,
                                 self->cancellable, agencies_cb, r);
  return TRUE;
}

static void
vault_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(FerryVault) vault = NULL;
  GError *error = NULL;

  vault = ferry_cbr_get_vault_finish (FERRY_CLIENT (object), result, &error);
  if (request_dropped (r))
    {
      g_clear_error (&error);
      return;
    }
  /* Not there is a fact too: the vault was chosen elsewhere. */
  if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    g_clear_error (&error);
  fact_set (r->self, r->keys[0], vault, error);
  request_settle (r);
}

gboolean
ferry_plan_any_image_needs_vault (FerryCopyPlan *self,
                       gboolean      *unknown)
{
  *unknown = FALSE;
  for (guint i = 0; i < self->images->len; i++)
    {
      FerryImage *image = ferry_copy_plan_get_image (self, i);

      if (image == NULL)
        *unknown = TRUE;
      else if (ferry_rules_needs_vault (image))
        return TRUE;
    }
  return FALSE;
}

static gboolean
ask_vaults (Gather *g)
{
  FerryCopyPlan *self = g->self;
  gboolean sent = FALSE;
  gboolean unknown;

  if (self->kind != FERRY_COPY_KIND_CROSS_REGION)
    return FALSE;
  /* A vault matters to whole images made from cloud backups only; while
   * the images are not known yet, a chosen vault is looked up at once
   * rather than a round later. */
  if (!ferry_plan_any_image_needs_vault (self, &unknown) && !unknown)
    return FALSE;

  for (guint i = 0; i < self->destinations->len; i++)
    {
      Destination *d = g_ptr_array_index (self->destinations, i);
      g_autofree char *key = NULL;
      Request *r;

      if (d->vault_id == NULL || d->project == NULL)
        continue;
      key = ferry_plan_vault_key (d);
      if (!need (g, key))
        continue;
      r = request_new (self, key);
      ferry_cbr_get_vault_async (self->client, d->region_id, ferry_project_get_id (d->project),
                                 d->vault_id, self->cancellable, vault_cb, r);
      sent = TRUE;
    }
  return sent;
}

static void
quota_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(FerryImageQuota) quota = NULL;
  GError *error = NULL;
  Fact *fact;

  quota = ferry_ims_get_image_quota_finish (FERRY_CLIENT (object), result, &error);
  if (request_dropped (r))
    {
      g_clear_error (&error);
      return;
    }
  /* Not allowed to read it (403), or any other error: the quota is
   * unknown, which is a fact too. The copy is not held back by it; the
   * error is kept to say why it was not checked. */
  fact_set (r->self, r->keys[0], NULL, NULL);
  fact = ferry_plan_lookup_fact (r->self, r->keys[0]);
  g_clear_pointer (&fact->quota, ferry_image_quota_free);
  fact->quota = g_steal_pointer (&quota);
  fact->error = error;
  request_settle (r);
}

static gboolean
ask_quotas (Gather *g)
{
  FerryCopyPlan *self = g->self;
  gboolean sent = FALSE;

  for (guint i = 0; i < self->destinations->len; i++)
    {
      Destination *d = g_ptr_array_index (self->destinations, i);
      g_autofree char *key = NULL;
      Request *r;

      if (d->project == NULL)
        continue;
      key = ferry_plan_quota_key (d);
      if (!need (g, key))
        continue;
      r = request_new (self, key);
      ferry_ims_get_image_quota_async (self->client, d->region_id, ferry_project_get_id (d->project),
                                       self->cancellable, quota_cb, r);
      sent = TRUE;
    }
  return sent;
}

/* Round two: grants, earlier copies */

static void
grants_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Request *r = user_data;
  g_autofree FerryGrant *grants = NULL;
  g_autoptr(GError) error = NULL;

  grants = ferry_iam_check_ims_grants_finish (FERRY_CLIENT (object), result, &error);
  if (request_dropped (r))
    return;

  for (guint i = 0; r->keys[i] != NULL; i++)
    {
      Fact *fact = ferry_plan_lookup_fact (r->self, r->keys[i]);

      fact_set (r->self, r->keys[i], NULL, grants == NULL ? g_error_copy (error) : NULL);
      fact->grant = grants != NULL ? grants[i] : FERRY_GRANT_UNKNOWN;
    }
  request_settle (r);
}

static gboolean
ask_grants (Gather *g)
{
  FerryCopyPlan *self = g->self;
  FerryAgency *agency = ferry_copy_plan_get_agency (self);
  g_autoptr(GPtrArray) scopes = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  Request *r;

  if (self->kind != FERRY_COPY_KIND_CROSS_REGION || self->skip_grants || agency == NULL ||
      !ferry_agency_trusts_ims (agency))
    return FALSE;

  /* One check for every scope not known yet: it asks them all at once. */
  scopes = g_ptr_array_new ();
  keys = g_ptr_array_new_with_free_func (g_free);
  for (int i = -1; i < (int) self->destinations->len; i++)
    {
      Destination *d = i < 0 ? NULL : g_ptr_array_index (self->destinations, i);
      const char *scope = d == NULL ? self->source_region : ferry_plan_destination_scope (d);
      g_autofree char *key = NULL;

      /* No project there: no-project says it; no grant to look for. */
      if (d != NULL && d->project == NULL)
        continue;
      key = ferry_plan_grant_key (agency, scope);
      if (!need (g, key))
        continue;
      g_ptr_array_add (scopes, (gpointer) g_intern_string (scope));
      g_ptr_array_add (keys, g_steal_pointer (&key));
    }
  if (scopes->len == 0)
    return FALSE;

  g_ptr_array_add (scopes, NULL);
  g_ptr_array_add (keys, NULL);
  r = request_new (self, "");
  /* One request per scope. */
  self->n_requests += scopes->len - 2;
  g_strfreev (r->keys);
  r->keys = (GStrv) g_ptr_array_steal (keys, NULL);
  ferry_iam_check_ims_grants_async (self->client, self->account, ferry_agency_get_id (agency),
                                    (const char * const *) scopes->pdata, self->cancellable,
                                    grants_cb, r);
  return TRUE;
}

static void
listing_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Request *r = user_data;
  g_autoptr(GListModel) images = NULL;
  GError *error = NULL;

  images = ferry_ims_list_images_finish (FERRY_CLIENT (object), result, &error);
  if (request_dropped (r))
    {
      g_clear_error (&error);
      return;
    }
  fact_set (r->self, r->keys[0], images, error);
  request_settle (r);
}

Destination *
ferry_plan_destination_at (FerryCopyPlan *self,
                guint          i)
{
  return g_ptr_array_index (self->destinations, i);
}

static gboolean
ask_listings (Gather *g)
{
  FerryCopyPlan *self = g->self;
  gboolean sent = FALSE;

  if (self->skip_earlier_copies || !self->find_copies)
    return FALSE;
  for (guint i = 0; i < self->images->len; i++)
    {
      g_autofree char *name = ferry_copy_plan_dup_name (self, i);
      g_autofree char *why = NULL;

      /* A name the service would refuse finds nothing (and may be refused
       * by the listing too). */
      if (name == NULL || (why = ferry_rules_check_name (name)) != NULL)
        continue;
      for (guint j = 0; j < self->destinations->len; j++)
        {
          Destination *d = ferry_plan_destination_at (self, j);
          FerryImageQuery query = { .image_type = "private", .name = name };
          g_autofree char *key = NULL;
          Request *r;

          if (d->project == NULL)
            continue;
          key = ferry_plan_listing_key (d, name);
          if (!need (g, key))
            continue;
          r = request_new (self, key);
          ferry_ims_list_images_async (self->client, d->region_id, ferry_project_get_id (d->project),
                                       &query, self->cancellable, listing_cb, r);
          sent = TRUE;
        }
    }
  return sent;
}

/* Gathering */

static void
gather_free (Gather *g)
{
  if (g->cancel_source != NULL)
    {
      g_source_destroy (g->cancel_source);
      g_source_unref (g->cancel_source);
    }
  g_free (g);
}

/* The first error of the question's facts, in the order of FerryCopyFact. */
static const GError *
first_error (FerryCopyPlan *self)
{
  const GError *error = NULL;

  for (FerryCopyFact f = FERRY_COPY_FACT_IMAGES; f <= FERRY_COPY_FACT_EARLIER_COPIES && error == NULL; f++)
    ferry_copy_plan_get_fact_state (self, f, &error);
  return error;
}

/* Returns @g's task (with @error, or with the facts' first error) and
 * forgets @g. */
static void
gather_return (Gather *g,
               GError *error)
{
  FerryCopyPlan *self = g->self;
  g_autoptr(GTask) task = g_steal_pointer (&g->task);
  GHashTableIter iter;
  Fact *fact;

  /* No fact waits for it any more. */
  g_hash_table_iter_init (&iter, self->facts);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &fact))
    while (g_ptr_array_remove (fact->waiting, g))
      ;
  g_ptr_array_remove (self->gathers, g);

  if (error == NULL && first_error (self) != NULL)
    error = g_error_copy (first_error (self));
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  gather_free (g);
}

/* Sends the next round of @g, or returns it after the last. */
static void
gather_advance (Gather *g)
{
  FerryCopyPlan *self = g->self;

  for (;;)
    {
      gboolean sent = FALSE;

      g->round++;
      if (g->round > 2)
        {
          gather_return (g, NULL);
          return;
        }

      /* Held while the round is sent, so that no fact settled at once
       * moves it on from under us. */
      g->pending++;
      if (g->round == 1)
        {
          for (guint i = 0; i < self->images->len; i++)
            sent |= ask_image (g, g_ptr_array_index (self->images, i));
          sent |= ask_agency (g);
          sent |= ask_vaults (g);
        }
      else
        {
          sent |= ask_grants (g);
          sent |= ask_listings (g);
          sent |= ask_quotas (g);
        }
      if (sent)
        self->n_rounds++;
      if (--g->pending > 0)
        return;  /* the last answer of the round moves it on */
    }
}

static gboolean
gather_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Gather *g = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  gather_return (g, error);
  return G_SOURCE_REMOVE;
}

void
ferry_copy_plan_gather_async (FerryCopyPlan       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Gather *g;

  g_return_if_fail (FERRY_IS_COPY_PLAN (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  g = g_new0 (Gather, 1);
  g->self = self;
  g->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (g->task, ferry_copy_plan_gather_async);
  g_ptr_array_add (self->gathers, g);

  if (cancellable != NULL)
    {
      /* Cancelled, it returns at once; its requests go on. */
      g->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (g->cancel_source, G_SOURCE_FUNC (gather_cancelled_cb), g, NULL);
      g_source_attach (g->cancel_source, g_main_context_get_thread_default ());
    }

  /* A plan that knows everything already answers on the next iteration
   * of the main context, as GTask does. */
  gather_advance (g);
}

gboolean
ferry_copy_plan_gather_finish (FerryCopyPlan  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ferry_copy_plan_gather_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* For tests */

guint
ferry_copy_plan_get_n_rounds (FerryCopyPlan *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), 0);
  return self->n_rounds;
}

guint
ferry_copy_plan_get_n_requests (FerryCopyPlan *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), 0);
  return self->n_requests;
}

/* GObject */

static void
ferry_copy_plan_dispose (GObject *object)
{
  FerryCopyPlan *self = FERRY_COPY_PLAN (object);

  /* Answers still on their way are dropped without touching the plan. */
  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (ferry_copy_plan_parent_class)->dispose (object);
}

static void
ferry_copy_plan_finalize (GObject *object)
{
  FerryCopyPlan *self = FERRY_COPY_PLAN (object);

  g_assert (self->gathers->len == 0);

  g_clear_object (&self->client);
  g_clear_object (&self->account);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->source_region, g_free);
  g_clear_pointer (&self->source_project_id, g_free);
  g_clear_pointer (&self->own_task_id, g_free);
  g_clear_pointer (&self->agency_name, g_free);
  g_clear_pointer (&self->images, g_ptr_array_unref);
  g_clear_pointer (&self->destinations, g_ptr_array_unref);
  g_clear_pointer (&self->facts, g_hash_table_unref);
  g_clear_pointer (&self->gathers, g_ptr_array_unref);

  G_OBJECT_CLASS (ferry_copy_plan_parent_class)->finalize (object);
}

static void
ferry_copy_plan_class_init (FerryCopyPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ferry_copy_plan_dispose;
  object_class->finalize = ferry_copy_plan_finalize;

  /**
   * FerryCopyPlan::changed:
   *
   * A fact came in (or could not be learned): the answers may differ.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ferry_copy_plan_init (FerryCopyPlan *self)
{
  self->images = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_plan_image_entry_free);
  self->destinations = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_plan_destination_free);
  self->facts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) fact_free);
  self->gathers = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}
