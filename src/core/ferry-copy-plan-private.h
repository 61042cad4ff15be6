/* ferry-copy-plan-private.h: what the plan's own files share, and what tests read
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-copy-plan.h"
#include "ferry-ims.h"

G_BEGIN_DECLS

/* ferry-copy-plan-question.c takes the question (the images, the
 * destinations, the choices); ferry-copy-plan.c gathers the facts;
 * ferry-copy-plan-answer.c says where each fact stands and answers from
 * them. */

/* Facts

   Every fact the plan learns is kept in one table, under a key made of
   what it depends on, so that a changed question finds the facts that
   still apply and asks only for the others:

     "image-id\n<id>"                      FerryImage
     "image-name\n<name>"                  FerryImage (the one of that name)
     "agency\n<name>"                      FerryAgency
     "vault\n<region>\n<project id>\n<id>" FerryVault, or none (not there)
     "grant\n<agency id>\n<scope>"         FerryGrant
     "listing\n<region>\n<project id>\n<name>"
                                           GListModel of FerryImage
     "quota\n<region>\n<project id>"     FerryImageQuota (Fact.quota), or
                                           none and the error that says
                                           why: a quota the service will
                                           not tell is known as unknown */

typedef enum
{
  FACT_PENDING,
  FACT_KNOWN,
  FACT_FAILED,
} FactState;

typedef struct
{
  FactState   state;
  GObject    *value;
  FerryGrant  grant;
  FerryImageQuota *quota;
  /* Learned that there is none: the account has no agency of that name
   * (the error is then FERRY_API_ERROR_NOT_FOUND, with no HTTP status). */
  gboolean    absent;
  GError     *error;
  GPtrArray  *waiting;  /* Gather, not owned */
} Fact;

typedef struct
{
  char       *id;        /* asked by id… */
  char       *by_name;   /* … or by name… */
  FerryImage *known;     /* … or known already */
  char       *name;      /* the copy's name; NULL for the default */
} ImageEntry;

typedef struct
{
  char         *region_id;
  FerryRegion  *region;   /* NULL when the catalogue does not know it */
  char         *project_arg;
  FerryProject *project;  /* NULL when the account has none there */
  char         *vault_id;
} Destination;


struct _FerryCopyPlan
{
  GObject               parent_instance;

  FerryClient          *client;
  FerryAccount         *account;
  FerryRegion          *source;        /* NULL when the catalogue does not know it */
  char                 *source_region;
  /* The task's own source project (ferry_copy_plan_new_for_task()); NULL:
   * the account's default project of the region. */
  char                 *source_project_id;
  FerryCopyKind         kind;
  /* Whether the destinations are searched for images named like the copy
   * (FERRY_COPY_FACT_EARLIER_COPIES beyond the task store's history). */
  gboolean              find_copies;
  FerryTaskStore       *store;
  char                 *own_task_id;   /* left out of the history and the copies in flight */

  GPtrArray            *images;        /* ImageEntry */
  GPtrArray            *destinations;  /* Destination */
  char                 *agency_name;
  gboolean              skip_earlier_copies;
  gboolean              skip_grants;   /* told by the caller (ferry_copy_plan_set_grant()) */

  GHashTable           *facts;         /* key → Fact */
  GPtrArray            *gathers;       /* the gatherings running (ferry-copy-plan.c) */
  /* Every request; cancelled on dispose only: a gathering that is
   * cancelled leaves its requests to fill the plan. */
  GCancellable         *cancellable;

  guint                 n_rounds;
  guint                 n_requests;
};

/* ferry-copy-plan.c */
void          ferry_plan_image_entry_free      (ImageEntry    *entry);
void          ferry_plan_destination_free      (Destination   *d);
Fact         *ferry_plan_lookup_fact           (FerryCopyPlan *self,
                                                const char    *key);
/* Makes the fact of @key known with @value (a choice of the caller's):
 * never asked for. An answer already on its way still settles it. */
Fact         *ferry_plan_know_fact             (FerryCopyPlan *self,
                                                const char    *key,
                                                gpointer       value);
/* The source project: the task's, or the account's default one of the
 * source region. */
const char   *ferry_plan_source_project_id     (FerryCopyPlan *self);
Destination  *ferry_plan_destination_at        (FerryCopyPlan *self,
                                                guint          destination);
/* What the grants are checked on: the region for its default project, a
 * sub-project by its name (ferry_iam_check_ims_grants_async()). */
const char   *ferry_plan_destination_scope     (Destination   *d);
gboolean      ferry_plan_any_image_needs_vault (FerryCopyPlan *self,
                                                gboolean      *unknown);
/* The keys of the facts (see above). */
char         *ferry_plan_image_key             (ImageEntry    *entry);
char         *ferry_plan_agency_key            (const char    *name);
char         *ferry_plan_vault_key             (Destination   *d);
char         *ferry_plan_grant_key             (FerryAgency   *agency,
                                                const char    *scope);
char         *ferry_plan_listing_key           (Destination   *d,
                                                const char    *name);
char         *ferry_plan_quota_key             (Destination   *d);

/* For tests: rounds of requests sent (a round: requests sent together,
 * none waiting for another's answer), and requests, since the plan was
 * made. */
guint         ferry_copy_plan_get_n_rounds     (FerryCopyPlan *self);
guint         ferry_copy_plan_get_n_requests   (FerryCopyPlan *self);

G_END_DECLS
