/* ferry-sandbox-world-private.h: what the parts of FerrySandboxWorld share
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-sandbox-world.h"

G_BEGIN_DECLS

/* FerrySandboxWorld is written in six files: the object, its regions,
 * projects and clock (ferry-sandbox-world.c), each service's records and
 * their rules (ferry-sandbox-world-iam.c, -ims.c, -cbr.c), the seed data
 * (ferry-sandbox-seed.c) and the state file (ferry-sandbox-state.c). */

#define FERRY_SANDBOX_GIB G_GUINT64_CONSTANT (1073741824)

typedef struct
{
  FerryRegion *region;      /* borrowed from the catalogue */
  const char  *id;          /* interned */
  char        *project_id;  /* the default project, named after the region */
  GPtrArray   *images;      /* FerrySandboxImage, oldest first; owned */
} FerrySandboxRegionData;

typedef struct
{
  char *project_id;
  char *agency_id;
  char *role_id;
} FerrySandboxGrant;

struct _FerrySandboxWorld
{
  GObject               parent_instance;

  FerryRegionCatalogue *catalogue;
  guint                 images_per_region;

  char                 *domain_id;
  GPtrArray            *regions;        /* FerrySandboxRegionData, catalogue order */
  GHashTable           *regions_by_id;  /* interned id → FerrySandboxRegionData */
  GPtrArray            *projects;       /* FerrySandboxProject */
  GHashTable           *projects_by_id; /* borrowed */
  GPtrArray            *roles;          /* FerrySandboxRole */

  GPtrArray            *agencies;       /* FerrySandboxAgency */
  GPtrArray            *grants;         /* FerrySandboxGrant */
  GPtrArray            *vaults;         /* FerrySandboxVault */
  GHashTable           *images_by_id;   /* borrowed from the regions */
  GPtrArray            *extras;         /* borrowed: images that are not seed data, in order */
  GPtrArray            *jobs;           /* FerrySandboxJob, in order */
  GHashTable           *jobs_by_id;     /* borrowed */
  GPtrArray            *unsettled;      /* borrowed: jobs whose image is not active yet */
  GHashTable           *image_quotas;   /* project id → its private-image quota, when set */

  /* Image id → GPtrArray of FerrySandboxTag. An image whose tags were all
   * deleted keeps an empty array, so that the state file says so. */
  GHashTable           *tags;

  gint64                clock_offset;
  double                job_fail_rate;
  GRand                *job_rand;       /* draws which jobs fail */
  guint                 max_concurrent;
  guint                 submitted;
  gboolean              dirty;
};

/* ferry-sandbox-world.c */
char                   *ferry_sandbox_derive_hex                (const char              *kind,
                                                                 const char              *name);
/* A name-based UUID, so that seed ids look like the services' and stay the same. */
char                   *ferry_sandbox_derive_uuid               (const char              *kind,
                                                                 const char              *name);
/* 2026-01-05T08:00:00.000000, as IAM and CBR write times. */
char                   *ferry_sandbox_format_time_us            (gint64                   seconds);
gboolean                ferry_sandbox_parse_time                (const char              *text,
                                                                 gint64                  *seconds);
/* A string member, NULL when absent or null; an error when of another type. */
gboolean                ferry_sandbox_take_string               (JsonObject              *members,
                                                                 const char              *name,
                                                                 char                   **value,
                                                                 GError                 **error);
FerrySandboxRegionData *ferry_sandbox_world_lookup_region       (FerrySandboxWorld       *self,
                                                                 const char              *id);

/* ferry-sandbox-world-iam.c */
/* The roles of the account (fixed: not in the state file). */
void                    ferry_sandbox_world_build_roles         (FerrySandboxWorld       *self);
FerrySandboxRole       *ferry_sandbox_world_lookup_role_by_name (FerrySandboxWorld       *self,
                                                                 const char              *name);
FerrySandboxAgency     *ferry_sandbox_world_insert_agency       (FerrySandboxWorld       *self,
                                                                 const char              *id,
                                                                 const char              *name,
                                                                 const char              *trust_domain_name,
                                                                 const char              *duration,
                                                                 const char              *description,
                                                                 gint64                   create_time);
void                    ferry_sandbox_world_insert_grant        (FerrySandboxWorld       *self,
                                                                 const char              *project_id,
                                                                 const char              *agency_id,
                                                                 const char              *role_id);

/* ferry-sandbox-world-cbr.c */
FerrySandboxVault      *ferry_sandbox_world_insert_vault        (FerrySandboxWorld       *self,
                                                                 const char              *id,
                                                                 const char              *region,
                                                                 const char              *project_id,
                                                                 const char              *name,
                                                                 const char              *description,
                                                                 const char              *protect_type,
                                                                 const char              *object_type,
                                                                 const char              *status,
                                                                 const char              *consistent_level,
                                                                 const char              *charging_mode,
                                                                 gint64                   size,
                                                                 gint64                   used,
                                                                 gint64                   created);

/* ferry-sandbox-world-ims.c */
/* @extra: not seed data, so kept in the state file. Takes a reference on @fields. */
FerrySandboxImage      *ferry_sandbox_world_insert_image        (FerrySandboxWorld       *self,
                                                                 FerrySandboxRegionData  *region,
                                                                 const char              *id,
                                                                 const char              *name,
                                                                 const char              *owner,
                                                                 const char              *status,
                                                                 gint64                   created,
                                                                 gint64                   updated,
                                                                 JsonObject              *fields,
                                                                 gboolean                 extra);
FerrySandboxImage      *ferry_sandbox_world_image_from_members  (FerrySandboxWorld       *self,
                                                                 FerrySandboxRegionData  *region,
                                                                 JsonObject              *members,
                                                                 gboolean                 with_defaults,
                                                                 GError                 **error);
/* Leaves @image_id with an empty list of tags (not none: see "tags"). */
void                    ferry_sandbox_world_clear_image_tags    (FerrySandboxWorld       *self,
                                                                 const char              *image_id);
/* Takes @job. */
void                    ferry_sandbox_world_insert_job          (FerrySandboxWorld       *self,
                                                                 FerrySandboxJob         *job);

/* ferry-sandbox-seed.c */
/* The members of a system-disk image of @size bytes, origin ids derived from @origin_seed. */
JsonObject             *ferry_sandbox_default_image_fields      (const char              *origin_seed,
                                                                 guint64                  size);
/* Images, agencies, grants and vaults of a new world. */
void                    ferry_sandbox_world_seed                (FerrySandboxWorld       *self);

G_END_DECLS
