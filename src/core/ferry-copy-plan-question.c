/* ferry-copy-plan-question.c: the question a FerryCopyPlan answers
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ferry-copy-plan-private.h"

FerryCopyPlan *
ferry_copy_plan_new (FerryClient   *client,
                     FerryAccount  *account,
                     const char    *source_region,
                     FerryCopyKind  kind)
{
  FerryCopyPlan *self;

  g_return_val_if_fail (FERRY_IS_CLIENT (client), NULL);
  g_return_val_if_fail (FERRY_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (source_region != NULL, NULL);

  self = g_object_new (FERRY_TYPE_COPY_PLAN, NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  self->source_region = g_strdup (source_region);
  self->source = ferry_region_catalogue_lookup (ferry_client_get_catalogue (client), source_region);
  self->kind = kind;
  self->find_copies = TRUE;

  /* An in-region copy lands in the source project. */
  if (kind == FERRY_COPY_KIND_IN_REGION)
    {
      Destination *d = g_new0 (Destination, 1);

      d->region_id = g_strdup (source_region);
      d->region = self->source;
      d->project = ferry_account_get_region_project (account, source_region);
      g_ptr_array_add (self->destinations, d);
    }

  return self;
}

FerryCopyPlan *
ferry_copy_plan_new_for_task (FerryClient    *client,
                              FerryAccount   *account,
                              FerryTaskStore *store,
                              FerryCopyTask  *task)
{
  FerryCopyKind kind;
  FerryCopyPlan *self;
  guint image;

  g_return_val_if_fail (FERRY_IS_COPY_TASK (task), NULL);

  kind = ferry_copy_task_get_kind (task);
  self = ferry_copy_plan_new (client, account, ferry_copy_task_get_source_region (task), kind);
  self->own_task_id = g_strdup (ferry_copy_task_get_id (task));
  self->source_project_id = g_strdup (ferry_copy_task_get_source_project_id (task));
  /* The user chose this copy when it was queued, and may have accepted a
   * second one after a lost answer: an image of its name in the
   * destination does not hold it back, so none is looked for. */
  self->find_copies = FALSE;
  ferry_copy_plan_set_task_store (self, store);
  image = ferry_copy_plan_add_image_id (self, ferry_copy_task_get_image_id (task));
  ferry_copy_plan_set_name (self, image, ferry_copy_task_get_name (task));
  if (kind == FERRY_COPY_KIND_CROSS_REGION)
    {
      guint d = ferry_copy_plan_add_destination (self, ferry_copy_task_get_destination_region (task),
                                                 ferry_copy_task_get_destination_project_id (task));

      ferry_copy_plan_set_agency_name (self, ferry_copy_task_get_agency_name (task));
      ferry_copy_plan_set_vault_id (self, d, ferry_copy_task_get_vault_id (task));
    }
  return self;
}

static guint
add_image_entry (FerryCopyPlan *self,
                 ImageEntry    *entry)
{
  for (guint i = 0; i < self->images->len; i++)
    {
      ImageEntry *other = g_ptr_array_index (self->images, i);
      FerryImage *image = ferry_copy_plan_get_image (self, i);
      const char *id = entry->known != NULL ? ferry_image_get_id (entry->known) : entry->id;

      if ((id != NULL && (g_strcmp0 (other->id, id) == 0 ||
                          (image != NULL && g_strcmp0 (ferry_image_get_id (image), id) == 0))) ||
          (entry->by_name != NULL && g_strcmp0 (other->by_name, entry->by_name) == 0))
        {
          ferry_plan_image_entry_free (entry);
          return i;
        }
    }
  g_ptr_array_add (self->images, entry);
  return self->images->len - 1;
}

guint
ferry_copy_plan_add_image_id (FerryCopyPlan *self,
                              const char    *image_id)
{
  ImageEntry *entry;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), 0);
  g_return_val_if_fail (image_id != NULL, 0);

  entry = g_new0 (ImageEntry, 1);
  entry->id = g_strdup (image_id);
  return add_image_entry (self, entry);
}

guint
ferry_copy_plan_add_image_name (FerryCopyPlan *self,
                                const char    *name)
{
  ImageEntry *entry;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  entry = g_new0 (ImageEntry, 1);
  entry->by_name = g_strdup (name);
  return add_image_entry (self, entry);
}

guint
ferry_copy_plan_add_image (FerryCopyPlan *self,
                           FerryImage    *image)
{
  ImageEntry *entry;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), 0);
  g_return_val_if_fail (FERRY_IS_IMAGE (image), 0);

  entry = g_new0 (ImageEntry, 1);
  entry->known = g_object_ref (image);
  return add_image_entry (self, entry);
}

guint
ferry_copy_plan_add_destination (FerryCopyPlan *self,
                                 const char    *region,
                                 const char    *project)
{
  g_autoptr(GListModel) projects = NULL;
  Destination *d;

  g_return_val_if_fail (FERRY_IS_COPY_PLAN (self), 0);
  g_return_val_if_fail (region != NULL, 0);
  g_return_val_if_fail (self->kind == FERRY_COPY_KIND_CROSS_REGION, 0);

  d = g_new0 (Destination, 1);
  d->region_id = g_strdup (region);
  d->region = ferry_region_catalogue_lookup (ferry_client_get_catalogue (self->client), region);
  d->project_arg = g_strdup (project);
  projects = ferry_account_list_region_projects (self->account, region);
  for (guint i = 0; i < g_list_model_get_n_items (projects) && d->project == NULL; i++)
    {
      g_autoptr(FerryProject) p = g_list_model_get_item (projects, i);

      if (project == NULL ? ferry_project_is_default (p)
                          : (g_strcmp0 (ferry_project_get_id (p), project) == 0 ||
                             g_strcmp0 (ferry_project_get_name (p), project) == 0))
        d->project = p;  /* the account keeps it alive */
    }

  /* The same destination twice is one: never two copies for one place. */
  for (guint i = 0; i < self->destinations->len; i++)
    {
      Destination *other = ferry_plan_destination_at (self, i);

      if (g_strcmp0 (other->region_id, d->region_id) == 0 &&
          (other->project == d->project && (d->project != NULL || g_strcmp0 (other->project_arg, project) == 0)))
        {
          ferry_plan_destination_free (d);
          return i;
        }
    }

  g_ptr_array_add (self->destinations, d);
  return self->destinations->len - 1;
}

void
ferry_copy_plan_clear_destinations (FerryCopyPlan *self)
{
  g_return_if_fail (FERRY_IS_COPY_PLAN (self));
  g_return_if_fail (self->kind == FERRY_COPY_KIND_CROSS_REGION);

  g_ptr_array_set_size (self->destinations, 0);
}

void
ferry_copy_plan_set_agency_name (FerryCopyPlan *self,
                                 const char    *name)
{
  g_return_if_fail (FERRY_IS_COPY_PLAN (self));

  g_free (self->agency_name);
  self->agency_name = g_strdup (name);
}

void
ferry_copy_plan_set_vault_id (FerryCopyPlan *self,
                              guint          destination,
                              const char    *vault_id)
{
  Destination *d;

  g_return_if_fail (FERRY_IS_COPY_PLAN (self));
  g_return_if_fail (destination < self->destinations->len);

  d = ferry_plan_destination_at (self, destination);
  g_free (d->vault_id);
  d->vault_id = vault_id != NULL && *vault_id != '\0' ? g_strdup (vault_id) : NULL;
}

void
ferry_copy_plan_set_agency (FerryCopyPlan *self,
                            FerryAgency   *agency)
{
  g_autofree char *key = NULL;

  g_return_if_fail (FERRY_IS_COPY_PLAN (self));
  g_return_if_fail (agency == NULL || FERRY_IS_AGENCY (agency));

  ferry_copy_plan_set_agency_name (self, agency != NULL ? ferry_agency_get_name (agency) : NULL);
  if (agency == NULL)
    return;
  key = ferry_plan_agency_key (ferry_agency_get_name (agency));
  ferry_plan_know_fact (self, key, agency);
}

void
ferry_copy_plan_set_vault (FerryCopyPlan *self,
                           guint          destination,
                           FerryVault    *vault)
{
  g_autofree char *key = NULL;
  Destination *d;

  g_return_if_fail (FERRY_IS_COPY_PLAN (self));
  g_return_if_fail (destination < self->destinations->len);
  g_return_if_fail (vault == NULL || FERRY_IS_VAULT (vault));

  ferry_copy_plan_set_vault_id (self, destination, vault != NULL ? ferry_vault_get_id (vault) : NULL);
  d = ferry_plan_destination_at (self, destination);
  /* Without a project there, the vault is never looked up: no-project
   * says why the copy cannot go. */
  if (vault == NULL || d->project == NULL)
    return;
  key = ferry_plan_vault_key (d);
  ferry_plan_know_fact (self, key, vault);
}

void
ferry_copy_plan_set_grant (FerryCopyPlan *self,
                           const char    *scope,
                           FerryGrant     grant)
{
  g_autofree char *key = NULL;
  FerryAgency *agency;
  Fact *fact;

  g_return_if_fail (FERRY_IS_COPY_PLAN (self));
  g_return_if_fail (scope != NULL);

  agency = ferry_copy_plan_get_agency (self);
  g_return_if_fail (agency != NULL);

  key = ferry_plan_grant_key (agency, scope);
  fact = ferry_plan_lookup_fact (self, key);
  if (fact != NULL && fact->state == FACT_PENDING)
    return;
  if (grant == FERRY_GRANT_UNKNOWN)
    {
      g_hash_table_remove (self->facts, key);
      return;
    }
  fact = ferry_plan_know_fact (self, key, NULL);
  fact->grant = grant;
}

void
ferry_copy_plan_set_name (FerryCopyPlan *self,
                          guint          image,
                          const char    *name)
{
  ImageEntry *entry;

  g_return_if_fail (FERRY_IS_COPY_PLAN (self));
  g_return_if_fail (image < self->images->len);

  entry = g_ptr_array_index (self->images, image);
  g_free (entry->name);
  entry->name = g_strdup (name);
}

void
ferry_copy_plan_set_look_for_earlier_copies (FerryCopyPlan *self,
                                             gboolean       look)
{
  g_return_if_fail (FERRY_IS_COPY_PLAN (self));

  self->skip_earlier_copies = !look;
}

void
ferry_copy_plan_set_check_grants (FerryCopyPlan *self,
                                  gboolean       check)
{
  g_return_if_fail (FERRY_IS_COPY_PLAN (self));

  self->skip_grants = !check;
}

void
ferry_copy_plan_set_task_store (FerryCopyPlan  *self,
                                FerryTaskStore *store)
{
  g_return_if_fail (FERRY_IS_COPY_PLAN (self));
  g_return_if_fail (store == NULL || FERRY_IS_TASK_STORE (store));

  g_set_object (&self->store, store);
}
