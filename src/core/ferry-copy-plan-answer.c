/* ferry-copy-plan-answer.c: what the rules say on the facts a FerryCopyPlan gathered
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-copy-plan-private.h"

/* The state of a fact */

static void
merge_state (Fact               *fact,
             FerryCopyFactState *state,
             const GError      **error)
{
  if (fact == NULL || fact->state == FACT_PENDING)
    {
      if (*state == FERRY_COPY_FACT_STATE_KNOWN)
        *state = FERRY_COPY_FACT_STATE_PENDING;
      return;
    }
  if (fact->state == FACT_FAILED && *state != FERRY_COPY_FACT_STATE_FAILED)
    {
      *state = FERRY_COPY_FACT_STATE_FAILED;
      if (error != NULL)
        *error = fact->error;
    }
}

FerryCopyFactState
ferry_copy_plan_get_fact_state (FerryCopyPlan  *self,
                                FerryCopyFact   fact,
                                const GError  **error)
{
  FerryCopyFactState state = FERRY_COPY_FACT_STATE_KNOWN;
  FerryAgency *agency;
  gboolean unknown;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), FERRY_COPY_FACT_STATE_KNOWN);

  if (error != NULL)
    *error = NULL;

  switch (fact)
    {
    case FERRY_COPY_FACT_IMAGES:
      for (guint i = 0; i < self->images->len; i++)
        {
          ImageEntry *entry = g_ptr_array_index (self->images, i);
          g_autofree char *key = NULL;

          if (entry->known != NULL)
            continue;
          key = ferry_plan_image_key (entry);
          merge_state (ferry_plan_lookup_fact (self, key), &state, error);
        }
      break;

    case FERRY_COPY_FACT_AGENCY:
      if (self->kind == FERRY_COPY_KIND_CROSS_REGION && self->agency_name != NULL)
        {
          g_autofree char *key = ferry_plan_agency_key (self->agency_name);

          merge_state (ferry_plan_lookup_fact (self, key), &state, error);
        }
      break;

    case FERRY_COPY_FACT_VAULTS:
      if (self->kind != FERRY_COPY_KIND_CROSS_REGION ||
          (!ferry_plan_any_image_needs_vault (self, &unknown) && !unknown))
        break;
      for (guint i = 0; i < self->destinations->len; i++)
        {
          Destination *d = ferry_plan_destination_at (self, i);
          g_autofree char *key = NULL;

          if (d->vault_id == NULL || d->project == NULL)
            continue;
          key = ferry_plan_vault_key (d);
          merge_state (ferry_plan_lookup_fact (self, key), &state, error);
        }
      break;

    case FERRY_COPY_FACT_GRANTS:
      if (self->kind != FERRY_COPY_KIND_CROSS_REGION || self->agency_name == NULL)
        break;
      agency = ferry_copy_plan_get_agency (self);
      if (agency == NULL)
        {
          /* Not found yet, or never: the grants wait for it. */
          if (ferry_copy_plan_get_fact_state (self, FERRY_COPY_FACT_AGENCY, NULL) == FERRY_COPY_FACT_STATE_PENDING)
            state = FERRY_COPY_FACT_STATE_PENDING;
          break;
        }
      if (!ferry_agency_trusts_ims (agency))
        break;
      for (int i = -1; i < (int) self->destinations->len; i++)
        {
          Destination *d = i < 0 ? NULL : ferry_plan_destination_at (self, i);
          const char *scope = d == NULL ? self->source_region : ferry_plan_destination_scope (d);
          g_autofree char *key = NULL;

          if (d != NULL && d->project == NULL)
            continue;
          key = ferry_plan_grant_key (agency, scope);
          merge_state (ferry_plan_lookup_fact (self, key), &state, error);
        }
      break;

    case FERRY_COPY_FACT_EARLIER_COPIES:
      if (self->skip_earlier_copies)
        break;
      for (guint i = 0; i < self->images->len; i++)
        {
          g_autofree char *name = ferry_copy_plan_dup_name (self, i);
          g_autofree char *why = NULL;

          if (name == NULL)
            {
              if (ferry_copy_plan_get_image_error (self, i) == NULL)
                state = state == FERRY_COPY_FACT_STATE_FAILED ? state : FERRY_COPY_FACT_STATE_PENDING;
              continue;
            }
          if (!self->find_copies || (why = ferry_rules_check_name (name)) != NULL)
            continue;
          for (guint j = 0; j < self->destinations->len; j++)
            {
              Destination *d = ferry_plan_destination_at (self, j);
              g_autofree char *key = NULL;

              if (d->project == NULL)
                continue;
              key = ferry_plan_listing_key (d, name);
              merge_state (ferry_plan_lookup_fact (self, key), &state, error);
            }
        }
      break;

    case FERRY_COPY_FACT_QUOTAS:
      for (guint i = 0; i < self->destinations->len; i++)
        {
          Destination *d = ferry_plan_destination_at (self, i);
          g_autofree char *key = NULL;
          Fact *f;

          if (d->project == NULL)
            continue;
          key = ferry_plan_quota_key (d);
          f = ferry_plan_lookup_fact (self, key);
          if (f == NULL || f->state != FACT_KNOWN)
            state = FERRY_COPY_FACT_STATE_PENDING;
        }
      break;

    default:
      g_return_val_if_reached (FERRY_COPY_FACT_STATE_KNOWN);
    }

  return state;
}

/* The answer */

FerryCopyKind
ferry_copy_plan_get_kind (FerryCopyPlan *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), FERRY_COPY_KIND_CROSS_REGION);
  return self->kind;
}

FerryRegion *
ferry_copy_plan_get_source (FerryCopyPlan *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  return self->source;
}

guint
ferry_copy_plan_get_n_images (FerryCopyPlan *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), 0);
  return self->images->len;
}

static Fact *
image_fact (FerryCopyPlan *self,
            ImageEntry    *entry)
{
  g_autofree char *key = ferry_plan_image_key (entry);

  return ferry_plan_lookup_fact (self, key);
}

FerryImage *
ferry_copy_plan_get_image (FerryCopyPlan *self,
                           guint          image)
{
  ImageEntry *entry;
  Fact *fact;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  g_return_val_if_fail (image < self->images->len, NULL);

  entry = g_ptr_array_index (self->images, image);
  if (entry->known != NULL)
    return entry->known;
  fact = image_fact (self, entry);
  return fact != NULL && fact->state == FACT_KNOWN ? FERRY_IMAGE (fact->value) : NULL;
}

const GError *
ferry_copy_plan_get_image_error (FerryCopyPlan *self,
                                 guint          image)
{
  ImageEntry *entry;
  Fact *fact;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  g_return_val_if_fail (image < self->images->len, NULL);

  entry = g_ptr_array_index (self->images, image);
  if (entry->known != NULL)
    return NULL;
  fact = image_fact (self, entry);
  return fact != NULL ? fact->error : NULL;
}

char *
ferry_copy_plan_dup_name (FerryCopyPlan *self,
                          guint          image)
{
  ImageEntry *entry;
  FerryImage *known;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  g_return_val_if_fail (image < self->images->len, NULL);

  entry = g_ptr_array_index (self->images, image);
  if (entry->name != NULL)
    return g_strdup (entry->name);
  known = ferry_copy_plan_get_image (self, image);
  if (known == NULL || self->source == NULL)
    return NULL;
  return ferry_rules_default_copy_name (self->source, ferry_image_get_name (known));
}

guint
ferry_copy_plan_get_n_destinations (FerryCopyPlan *self)
{
  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), 0);
  return self->destinations->len;
}

FerryRegion *
ferry_copy_plan_get_destination (FerryCopyPlan *self,
                                 guint          destination)
{
  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  g_return_val_if_fail (destination < self->destinations->len, NULL);
  return ferry_plan_destination_at (self, destination)->region;
}

FerryProject *
ferry_copy_plan_get_destination_project (FerryCopyPlan *self,
                                         guint          destination)
{
  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  g_return_val_if_fail (destination < self->destinations->len, NULL);
  return ferry_plan_destination_at (self, destination)->project;
}

gboolean
ferry_copy_plan_is_agency_missing (FerryCopyPlan *self)
{
  g_autofree char *key = NULL;
  Fact *fact;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), FALSE);

  if (self->agency_name == NULL)
    return FALSE;
  key = ferry_plan_agency_key (self->agency_name);
  fact = ferry_plan_lookup_fact (self, key);
  return fact != NULL && fact->state == FACT_FAILED && fact->absent;
}

FerryAgency *
ferry_copy_plan_get_agency (FerryCopyPlan *self)
{
  g_autofree char *key = NULL;
  Fact *fact;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);

  if (self->agency_name == NULL)
    return NULL;
  key = ferry_plan_agency_key (self->agency_name);
  fact = ferry_plan_lookup_fact (self, key);
  return fact != NULL && fact->state == FACT_KNOWN ? FERRY_AGENCY (fact->value) : NULL;
}

/* The same account's copies, other than the task this plan checks. */
static gboolean
is_other_task_of_account (FerryCopyPlan *self,
                          FerryCopyTask *task)
{
  return g_strcmp0 (ferry_copy_task_get_id (task), self->own_task_id) != 0 &&
         g_strcmp0 (ferry_copy_task_get_domain_id (task), ferry_account_get_domain_id (self->account)) == 0;
}

guint
ferry_copy_plan_get_copies_in_flight (FerryCopyPlan *self)
{
  GListModel *tasks;
  guint n = 0;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), 0);

  if (self->store == NULL)
    return 0;
  /* As the queue counts them (ferry_copy_queue_get_n_in_flight()): the
   * account's cross-region copies submitted and not finished, in every
   * process, as the store last read them. One whose outcome is unknown is
   * not counted, as the queue does not: nothing drives it, and if it was
   * made its job may be over. */
  tasks = ferry_task_store_get_tasks (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
    {
      g_autoptr(FerryCopyTask) task = g_list_model_get_item (tasks, i);
      FerryTaskState state = ferry_copy_task_get_state (task);

      if (is_other_task_of_account (self, task) &&
          ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_CROSS_REGION &&
          (state == FERRY_TASK_STATE_SUBMITTING || state == FERRY_TASK_STATE_RUNNING))
        n++;
    }
  return n;
}

static GPtrArray *
judge (FerryCopyPlan *self,
       FerryImage    *image)
{
  FerryCopyFacts facts = {
    .image = image,
    .source = self->source,
    .project_id = ferry_plan_source_project_id (self),
    .regions = G_LIST_MODEL (ferry_client_get_catalogue (self->client)),
  };

  if (self->kind == FERRY_COPY_KIND_IN_REGION)
    return ferry_rules_check_in_region (&facts);
  return ferry_rules_check_image (&facts);
}

GPtrArray *
ferry_copy_plan_judge_image (FerryCopyPlan *self,
                             FerryImage    *image)
{
  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  g_return_val_if_fail (FERRY_IS_IMAGE (image), NULL);
  g_return_val_if_fail (self->source != NULL, NULL);

  return judge (self, image);
}

GPtrArray *
ferry_copy_plan_dup_image_violations (FerryCopyPlan *self,
                                      guint          image)
{
  FerryImage *known;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  g_return_val_if_fail (image < self->images->len, NULL);

  known = ferry_copy_plan_get_image (self, image);
  if (known == NULL || self->source == NULL)
    return NULL;
  return judge (self, known);
}

/* The quota of @d's project, and what would fill it (see
 * ferry_copy_plan_dup_violations()). */
static void
quota_facts (FerryCopyPlan  *self,
             Destination    *d,
             FerryCopyFacts *facts)
{
  g_autofree char *key = NULL;
  Fact *fact;
  const char *project_id;

  if (d->project == NULL)
    return;
  key = ferry_plan_quota_key (d);
  fact = ferry_plan_lookup_fact (self, key);
  if (fact == NULL || fact->state != FACT_KNOWN || fact->quota == NULL)
    return;

  facts->quota_known = TRUE;
  facts->image_quota = fact->quota->quota;
  facts->images_used = fact->quota->used;

  /* Every image of the plan that may go somewhere makes one there; one
   * not known yet counts too, rather than too few. */
  for (guint i = 0; i < self->images->len; i++)
    {
      g_autoptr(GPtrArray) ruled_out = ferry_copy_plan_dup_image_violations (self, i);

      if (ruled_out == NULL || ruled_out->len == 0)
        facts->images_needed++;
    }

  /* Ferry's copies there, submitted and not over: accepted, their image
   * is reserved but not yet in "used". Once finishing, the image exists
   * and "used" has it. */
  project_id = ferry_project_get_id (d->project);
  if (self->store != NULL)
    {
      GListModel *tasks = ferry_task_store_get_tasks (self->store);

      for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
        {
          g_autoptr(FerryCopyTask) task = g_list_model_get_item (tasks, i);
          FerryTaskState state = ferry_copy_task_get_state (task);
          const char *into = ferry_copy_task_get_kind (task) == FERRY_COPY_KIND_IN_REGION
                             ? ferry_copy_task_get_source_project_id (task)
                             : ferry_copy_task_get_destination_project_id (task);

          if (is_other_task_of_account (self, task) &&
              (state == FERRY_TASK_STATE_SUBMITTING || state == FERRY_TASK_STATE_RUNNING) &&
              g_strcmp0 (ferry_copy_task_get_destination_region (task), d->region_id) == 0 &&
              g_strcmp0 (into, project_id) == 0)
            facts->images_underway++;
        }
    }
}

char *
ferry_copy_plan_describe_quota (FerryCopyPlan *self,
                                guint          destination)
{
  g_autofree char *key = NULL;
  Destination *d;
  Fact *fact;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  g_return_val_if_fail (destination < self->destinations->len, NULL);

  d = ferry_plan_destination_at (self, destination);
  if (d->project == NULL)
    return NULL;
  key = ferry_plan_quota_key (d);
  fact = ferry_plan_lookup_fact (self, key);
  if (fact == NULL || fact->state != FACT_KNOWN || fact->quota != NULL || fact->error == NULL)
    return NULL;
  /* Translators: a region, then why its image quota could not be read. */
  return g_strdup_printf (_("The image quota of %s could not be read, so it was not checked: %s"),
                          d->region != NULL ? ferry_region_get_name (d->region) : d->region_id,
                          fact->error->message);
}

static FerryGrant
grant_of (FerryCopyPlan *self,
          FerryAgency   *agency,
          const char    *scope)
{
  g_autofree char *key = ferry_plan_grant_key (agency, scope);
  Fact *fact = ferry_plan_lookup_fact (self, key);

  return fact != NULL && fact->state == FACT_KNOWN ? fact->grant : FERRY_GRANT_UNKNOWN;
}

FerryGrant
ferry_copy_plan_get_source_grant (FerryCopyPlan *self)
{
  FerryAgency *agency;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), FERRY_GRANT_UNKNOWN);

  agency = ferry_copy_plan_get_agency (self);
  return agency != NULL ? grant_of (self, agency, self->source_region) : FERRY_GRANT_UNKNOWN;
}

FerryGrant
ferry_copy_plan_get_grant (FerryCopyPlan *self,
                           guint          destination)
{
  FerryAgency *agency;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), FERRY_GRANT_UNKNOWN);
  g_return_val_if_fail (destination < self->destinations->len, FERRY_GRANT_UNKNOWN);

  agency = ferry_copy_plan_get_agency (self);
  if (agency == NULL)
    return FERRY_GRANT_UNKNOWN;
  return grant_of (self, agency, ferry_plan_destination_scope (ferry_plan_destination_at (self, destination)));
}

GPtrArray *
ferry_copy_plan_dup_violations (FerryCopyPlan *self,
                                guint          image,
                                guint          destination)
{
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(FerryVault) vault = NULL;
  FerryImage *known;
  Destination *d;
  FerryAgency *agency;
  GPtrArray *kept;
  gboolean agency_known, vault_known;
  FerryCopyFacts facts = { 0 };

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);
  g_return_val_if_fail (image < self->images->len, NULL);
  g_return_val_if_fail (destination < self->destinations->len, NULL);

  known = ferry_copy_plan_get_image (self, image);
  if (known == NULL || self->source == NULL)
    return NULL;
  d = ferry_plan_destination_at (self, destination);

  facts.image = known;
  facts.source = self->source;
  facts.project_id = ferry_plan_source_project_id (self);
  quota_facts (self, d, &facts);
  if (self->kind == FERRY_COPY_KIND_IN_REGION)
    return ferry_rules_check_in_region (&facts);

  facts.destination = d->region;
  facts.destination_project_id = d->project != NULL ? ferry_project_get_id (d->project) : NULL;
  facts.copies_in_flight = ferry_copy_plan_get_copies_in_flight (self);

  agency = ferry_copy_plan_get_agency (self);
  agency_known = self->agency_name == NULL || agency != NULL;
  facts.agency = agency;
  facts.source_grant = ferry_copy_plan_get_source_grant (self);
  facts.destination_grant = ferry_copy_plan_get_grant (self, destination);

  vault_known = TRUE;
  if (d->vault_id != NULL && d->project != NULL && ferry_rules_needs_vault (known))
    {
      g_autofree char *key = ferry_plan_vault_key (d);
      Fact *fact = ferry_plan_lookup_fact (self, key);

      vault_known = fact != NULL && fact->state == FACT_KNOWN;
      if (vault_known && fact->value != NULL)
        vault = g_object_ref (FERRY_VAULT (fact->value));
      /* An id that names no vault there is a vault chosen elsewhere. */
      else if (vault_known)
        facts.vault_id = d->vault_id;
    }
  else if (d->vault_id != NULL)
    facts.vault_id = d->vault_id;
  facts.vault = vault;

  violations = ferry_rules_check_request (&facts);

  /* A fact not learned (yet) holds nothing against the copy. */
  kept = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < violations->len; i++)
    {
      FerryViolation *v = g_ptr_array_index (violations, i);

      switch (ferry_violation_get_rule (v))
        {
        case FERRY_RULE_AGENCY_MISSING:
        case FERRY_RULE_AGENCY_NOT_IMS:
        case FERRY_RULE_AGENCY_PERMISSION:
          if (!agency_known)
            continue;
          break;
        case FERRY_RULE_VAULT_REQUIRED:
        case FERRY_RULE_VAULT_UNSUITABLE:
        case FERRY_RULE_VAULT_UNAVAILABLE:
        case FERRY_RULE_VAULT_FULL:
          if (!vault_known)
            continue;
          break;
        default:
          break;
        }
      g_ptr_array_add (kept, g_object_ref (v));
    }
  return kept;
}

/* Earlier copies

   Where Ferry looks, and what it trusts:

   - The task store: a task of the same account and kind, of the same
     image, from the same region to the same destination project. Queued,
     submitting, running or finishing: the same copy is in the queue.
     Done: Ferry made it before (its new image id, once known, is the
     copy). These are Ferry's own records.
   - The destination project's images named like the copy (ListImages,
     `name` is an exact-match filter and `__imagetype=private`:
     documented, ims_03_0602). Among them, a copy of this image is one
     whose `__originalimagename` is the source image's id, or whose
     `__data_origin` is "image,<source region>,<source image id>". That
     `__originalimagename` is the parent image's id is documented ("父镜像
     ID"); that a cross-region copy has the source image there is ASSUMED
     (no page says so); the `__data_origin` form is ASSUMED (only the
     sandbox is known to write it). A record named like the copy that
     carries neither is reported as an image of the same name that may be
     an earlier copy: Ferry cannot tell, and a duplicate costs money.
     Copies made under another name are not found in the listing: only
     Ferry's own history knows them. */

static gboolean
is_copy_of (FerryImage  *candidate,
            const char  *source_region,
            const char  *source_id,
            gboolean    *origin_unknown)
{
  const char *original = ferry_image_get_original_image_name (candidate);
  const char *origin = ferry_image_get_data_origin (candidate);
  g_autofree char *expected_origin = g_strdup_printf ("image,%s,%s", source_region, source_id);

  *origin_unknown = original == NULL && origin == NULL;
  return g_strcmp0 (original, source_id) == 0 || g_strcmp0 (origin, expected_origin) == 0;
}

FerryEarlierCopy
ferry_copy_plan_get_earlier_copy (FerryCopyPlan  *self,
                                  guint           image,
                                  guint           destination,
                                  const char    **task_id,
                                  const char    **image_id)
{
  FerryEarlierCopy found = FERRY_EARLIER_COPY_NONE;
  const char *found_task = NULL;
  const char *found_image = NULL;
  g_autofree char *name = NULL;
  FerryImage *known;
  Destination *d;
  const char *source_id;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), FERRY_EARLIER_COPY_NONE);
  g_return_val_if_fail (image < self->images->len, FERRY_EARLIER_COPY_NONE);
  g_return_val_if_fail (destination < self->destinations->len, FERRY_EARLIER_COPY_NONE);

  known = ferry_copy_plan_get_image (self, image);
  d = ferry_plan_destination_at (self, destination);
  if (known == NULL || d->project == NULL)
    goto out;
  source_id = ferry_image_get_id (known);

  /* Ferry's own history first: it names the task. */
  if (self->store != NULL)
    {
      GListModel *tasks = ferry_task_store_get_tasks (self->store);

      for (guint i = 0; i < g_list_model_get_n_items (tasks); i++)
        {
          g_autoptr(FerryCopyTask) task = g_list_model_get_item (tasks, i);
          FerryTaskState state = ferry_copy_task_get_state (task);

          if (!is_other_task_of_account (self, task) ||
              ferry_copy_task_get_kind (task) != self->kind ||
              g_strcmp0 (ferry_copy_task_get_image_id (task), source_id) != 0 ||
              g_strcmp0 (ferry_copy_task_get_source_region (task), self->source_region) != 0 ||
              g_strcmp0 (ferry_copy_task_get_destination_region (task), d->region_id) != 0 ||
              (self->kind == FERRY_COPY_KIND_CROSS_REGION &&
               g_strcmp0 (ferry_copy_task_get_destination_project_id (task),
                          ferry_project_get_id (d->project)) != 0))
            continue;

          if (state == FERRY_TASK_STATE_DONE)
            {
              /* The newest finished one: the list is in creation order. */
              found = FERRY_EARLIER_COPY_MADE;
              found_task = ferry_copy_task_get_id (task);  /* the store keeps it alive */
              found_image = ferry_copy_task_get_new_image_id (task);
            }
          else if (!ferry_task_state_is_final (state))
            {
              /* Queued or under way, or of unknown outcome: the copy may
               * have been made, so it counts as one until the user
               * decides. */
              found = FERRY_EARLIER_COPY_IN_QUEUE;
              found_task = ferry_copy_task_get_id (task);
              found_image = NULL;
              goto out;
            }
        }
    }
  if (found != FERRY_EARLIER_COPY_NONE)
    goto out;

  /* Then the destination's images named like the copy. */
  name = ferry_copy_plan_dup_name (self, image);
  if (name != NULL)
    {
      g_autofree char *key = ferry_plan_listing_key (d, name);
      Fact *fact = ferry_plan_lookup_fact (self, key);
      GListModel *listing = fact != NULL && fact->state == FACT_KNOWN ? G_LIST_MODEL (fact->value) : NULL;

      for (guint i = 0; listing != NULL && i < g_list_model_get_n_items (listing); i++)
        {
          g_autoptr(FerryImage) candidate = g_list_model_get_item (listing, i);
          gboolean origin_unknown;

          /* An in-region copy named like its source finds the source. */
          if (g_strcmp0 (ferry_image_get_id (candidate), source_id) == 0 ||
              g_strcmp0 (ferry_image_get_name (candidate), name) != 0)
            continue;
          if (is_copy_of (candidate, self->source_region, source_id, &origin_unknown))
            {
              found = FERRY_EARLIER_COPY_FOUND;
              found_image = ferry_image_get_id (candidate);  /* the listing keeps it alive */
              break;
            }
          if (origin_unknown && found == FERRY_EARLIER_COPY_NONE)
            {
              found = FERRY_EARLIER_COPY_SAME_NAME;
              found_image = ferry_image_get_id (candidate);
            }
        }
    }

out:
  if (task_id != NULL)
    *task_id = found_task;
  if (image_id != NULL)
    *image_id = found_image;
  return found;
}

static FerryCopyTask *
lookup_task (FerryCopyPlan *self,
             const char    *task_id)
{
  return self->store != NULL && task_id != NULL ? ferry_task_store_lookup (self->store, task_id) : NULL;
}

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = usec > 0 ? g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;
}

char *
ferry_copy_plan_describe_earlier_copy (FerryCopyPlan *self,
                                       guint          image,
                                       guint          destination)
{
  const char *task_id = NULL;
  const char *image_id = NULL;
  g_autofree char *short_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *when = NULL;
  FerryCopyTask *task;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), NULL);

  switch (ferry_copy_plan_get_earlier_copy (self, image, destination, &task_id, &image_id))
    {
    case FERRY_EARLIER_COPY_IN_QUEUE:
      task = lookup_task (self, task_id);
      short_id = g_strndup (task_id, 8);
      if (task != NULL && ferry_copy_task_get_state (task) == FERRY_TASK_STATE_OUTCOME_UNKNOWN)
        /* Translators: a task id. */
        return g_strdup_printf (_("The same copy is in Ferry’s queue (task %s) and may have been made: its outcome is unknown."),
                                short_id);
      /* Translators: a task id, then its state ("Queued", "Running"…). */
      return g_strdup_printf (_("The same copy is already in Ferry’s queue (task %s, %s)."), short_id,
                              task != NULL ? ferry_task_state_to_label (ferry_copy_task_get_state (task)) : "");

    case FERRY_EARLIER_COPY_MADE:
      task = lookup_task (self, task_id);
      short_id = g_strndup (task_id, 8);
      when = task != NULL ? format_time (ferry_copy_task_get_finished_at (task)) : NULL;
      if (when != NULL)
        /* Translators: the copy's name, a task id, then when it finished. */
        return g_strdup_printf (_("Ferry copied this image there before, as “%s” (task %s, finished %s)."),
                                task != NULL ? ferry_copy_task_get_name (task) : "", short_id, when);
      /* Translators: the copy's name, then a task id. */
      return g_strdup_printf (_("Ferry copied this image there before, as “%s” (task %s)."),
                              task != NULL ? ferry_copy_task_get_name (task) : "", short_id);

    case FERRY_EARLIER_COPY_FOUND:
      name = ferry_copy_plan_dup_name (self, image);
      /* Translators: an image name, then its id. */
      return g_strdup_printf (_("The destination project already holds a copy of this image: “%s” (%s)."),
                              name, image_id);

    case FERRY_EARLIER_COPY_SAME_NAME:
      name = ferry_copy_plan_dup_name (self, image);
      /* Translators: an image name, then its id. */
      return g_strdup_printf (_("The destination project already holds an image named “%s” (%s), which may be an earlier copy of this image."),
                              name, image_id);

    case FERRY_EARLIER_COPY_NONE:
    default:
      return NULL;
    }
}
