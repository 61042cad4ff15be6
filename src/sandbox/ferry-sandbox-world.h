/* ferry-sandbox-world.h: the account, images, jobs and vaults behind the sandbox
 *
 * Copyright 2026 The Ferry authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ferry-region-catalogue.h"

G_BEGIN_DECLS

/* The world is private to the sandbox: FerrySandbox speaks HTTP, the world
 * keeps the data and turns records into the JSON of the API notes.
 *
 * Time is the sandbox clock (real time plus an offset that tests advance),
 * in microseconds since the epoch. Jobs keep only their start time: their
 * state is worked out from the clock whenever the world is looked at
 * (ferry_sandbox_world_update()), so no timer runs and a restarted sandbox
 * carries on where the saved one stopped.
 *
 * Seed data is rebuilt identically at every start (ids are derived from
 * names), so the state file holds only what changed: the images that are
 * not seed data, the jobs, agencies, grants, vaults and the clock offset. */

#define FERRY_TYPE_SANDBOX_WORLD (ferry_sandbox_world_get_type ())

G_DECLARE_FINAL_TYPE (FerrySandboxWorld, ferry_sandbox_world, FERRY, SANDBOX_WORLD, GObject)

#define FERRY_SANDBOX_DOMAIN_NAME "ferry-demo"

typedef struct
{
  char       *id;
  char       *name;
  const char *region;     /* interned; NULL for a project that is no region (MOS) */
  char       *parent_id;
} FerrySandboxProject;

typedef struct
{
  char *id;
  char *name;
  char *display_name;
  char *type;
  char *catalog;
  char *description;
} FerrySandboxRole;

typedef struct
{
  char   *id;
  char   *name;
  char   *trust_domain_id;
  char   *trust_domain_name;
  char   *duration;
  char   *description;
  gint64  create_time;    /* seconds since the epoch */
} FerrySandboxAgency;

typedef struct
{
  char       *id;
  char       *name;
  char       *description;
  const char *region;     /* interned */
  char       *project_id;
  char       *protect_type;
  char       *object_type;
  char       *status;
  char       *consistent_level;
  char       *charging_mode;
  gint64      size;       /* GB */
  gint64      used;       /* MB */
  gint64      created;    /* seconds since the epoch */
} FerrySandboxVault;

typedef struct
{
  char       *id;
  char       *name;
  const char *region;     /* interned */
  const char *owner;      /* interned */
  const char *status;     /* interned */
  gint64      created;    /* seconds since the epoch */
  gint64      updated;
  guint       position;   /* in its region's list, oldest first */
  gboolean    extra;      /* not seed data: kept in the state file */
  JsonObject *fields;     /* every other member; shared between images, never changed */
} FerrySandboxImage;

/* One tag of an image (ListImageTags' ResourceTag: key and value). */
typedef struct
{
  char *key;
  char *value;
} FerrySandboxTag;

typedef enum
{
  FERRY_SANDBOX_JOB_CROSS_REGION,
  FERRY_SANDBOX_JOB_IN_REGION,
} FerrySandboxJobKind;

typedef struct
{
  char                *id;
  FerrySandboxJobKind  kind;
  const char          *source_region;      /* interned */
  char                *source_project_id;
  char                *source_image_id;
  const char          *region;             /* interned: the destination */
  char                *project_id;         /* the destination project */
  char                *image_id;           /* the new image */
  char                *image_name;
  char                *description;
  char                *agency_name;
  char                *vault_id;
  char                *cmk_id;
  JsonObject          *fields;             /* the source image's members when submitted */
  gint64               begin;              /* µs, sandbox clock */
  guint                copy_seconds;
  gboolean             image_created;
  gboolean             image_active;       /* or, for a job that fails, killed */
  gboolean             fails;              /* ends FAIL (job-fail-rate) */
} FerrySandboxJob;

typedef struct
{
  const char *status;     /* INIT, RUNNING, SUCCESS or FAIL */
  double      percent;    /* 0..1 */
  const char *task;       /* NULL once finished */
  gint64      end;        /* µs; 0 while the job runs */
} FerrySandboxJobProgress;

/* What a failed copy job says (ShowJob, https://support.huaweicloud.com/api-ims/ims_03_0905.html:
 * error_code and fail_reason are strings, filled "when the task is
 * abnormal"). Which code a failed copy carries is not documented: IMG.0014
 * is the IMS code table's failure of a task while it ran (错误码,
 * ims_03_0908), with its message. */
#define FERRY_SANDBOX_JOB_FAIL_CODE    "IMG.0014"
#define FERRY_SANDBOX_JOB_FAIL_REASON  "An exception occurred when IaaS OpenStack was executing the task."

/* Filters of GET /v2/cloudimages; NULL members do not filter. */
typedef struct
{
  const char *project_id;        /* the caller: private images of others are hidden */
  const char *image_type;        /* __imagetype; "private" also means owned by project_id */
  const char *status;
  const char *name;
  const char *id;
  const char *owner;
  const char *whole_image;       /* "true" or "false"; absent counts as "false" */
  const char *virtual_env_type;
} FerrySandboxImageFilter;

FerrySandboxWorld    *ferry_sandbox_world_new                (FerryRegionCatalogue     *catalogue,
                                                             guint                     images_per_region);
/* Back to seed data, clock offset 0, counters 0. */
void                  ferry_sandbox_world_reset              (FerrySandboxWorld        *self);

/* Loads a state file written by ferry_sandbox_world_save() over the seed
 * data. A missing file is not an error; a damaged one is, naming the file. */
gboolean              ferry_sandbox_world_load               (FerrySandboxWorld        *self,
                                                             const char               *path,
                                                             GError                  **error);
gboolean              ferry_sandbox_world_save               (FerrySandboxWorld        *self,
                                                             const char               *path,
                                                             GError                  **error);
/* Whether anything changed since the last call. */
gboolean              ferry_sandbox_world_take_dirty         (FerrySandboxWorld        *self);

gint64                ferry_sandbox_world_now                (FerrySandboxWorld        *self);
gint64                ferry_sandbox_world_get_clock_offset   (FerrySandboxWorld        *self);
void                  ferry_sandbox_world_advance_clock      (FerrySandboxWorld        *self,
                                                             gint64                    usec);
/* Moves jobs along to the current clock: creates the images of jobs that
 * left INIT, activates those of finished jobs. */
void                  ferry_sandbox_world_update             (FerrySandboxWorld        *self);

/* The account. */
const char           *ferry_sandbox_world_get_domain_id      (FerrySandboxWorld        *self);
GPtrArray            *ferry_sandbox_world_get_projects       (FerrySandboxWorld        *self);
FerrySandboxProject  *ferry_sandbox_world_lookup_project     (FerrySandboxWorld        *self,
                                                             const char               *id);
FerrySandboxProject  *ferry_sandbox_world_lookup_project_by_name (FerrySandboxWorld    *self,
                                                                 const char           *name);
/* How many projects belong to @region (its default one and sub-projects). */
guint                 ferry_sandbox_world_count_region_projects (FerrySandboxWorld     *self,
                                                                 const char           *region);
const char           *ferry_sandbox_world_get_region_project_id (FerrySandboxWorld     *self,
                                                                 const char           *region);
GPtrArray            *ferry_sandbox_world_get_roles          (FerrySandboxWorld        *self);
FerrySandboxRole     *ferry_sandbox_world_lookup_role        (FerrySandboxWorld        *self,
                                                             const char               *id);
GPtrArray            *ferry_sandbox_world_get_agencies       (FerrySandboxWorld        *self);
FerrySandboxAgency   *ferry_sandbox_world_lookup_agency      (FerrySandboxWorld        *self,
                                                             const char               *id);
FerrySandboxAgency   *ferry_sandbox_world_lookup_agency_by_name (FerrySandboxWorld     *self,
                                                                 const char           *name);
FerrySandboxAgency   *ferry_sandbox_world_add_agency         (FerrySandboxWorld        *self,
                                                             const char               *name,
                                                             const char               *trust_domain_name,
                                                             const char               *duration,
                                                             const char               *description);
gboolean              ferry_sandbox_world_has_grant          (FerrySandboxWorld        *self,
                                                             const char               *project_id,
                                                             const char               *agency_id,
                                                             const char               *role_id);
void                  ferry_sandbox_world_add_grant          (FerrySandboxWorld        *self,
                                                             const char               *project_id,
                                                             const char               *agency_id,
                                                             const char               *role_id);
/* The roles granted to @agency_id on @project_id (FerrySandboxRole, borrowed). */
GPtrArray            *ferry_sandbox_world_list_grants        (FerrySandboxWorld        *self,
                                                             const char               *project_id,
                                                             const char               *agency_id);

/* Images. */
FerrySandboxImage    *ferry_sandbox_world_lookup_image       (FerrySandboxWorld        *self,
                                                             const char               *id);
/* Appends to @out (borrowed images) at most @limit images of @region that
 * pass @filter, newest first (oldest first when @ascending), starting
 * after @marker. FALSE when @marker is not an image of @region. */
gboolean              ferry_sandbox_world_list_images        (FerrySandboxWorld        *self,
                                                             const char               *region,
                                                             const FerrySandboxImageFilter *filter,
                                                             const char               *marker,
                                                             guint                     limit,
                                                             gboolean                  ascending,
                                                             GPtrArray                *out);
/* Adds an image from API members (id, name, status, owner, created_at and
 * updated_at are taken out of @members; the rest completes a default
 * system-disk image). NULL with @error when the id exists or a member is
 * of the wrong type. */
FerrySandboxImage    *ferry_sandbox_world_add_image          (FerrySandboxWorld        *self,
                                                             const char               *region,
                                                             JsonObject               *members,
                                                             GError                  **error);
JsonObject           *ferry_sandbox_world_image_to_json      (FerrySandboxWorld        *self,
                                                             FerrySandboxImage        *image);

/* Image tags (ListImageTags and friends). The tags of @image_id
 * (FerrySandboxTag, in the order they were first added), borrowed; NULL
 * when it has none. */
GPtrArray            *ferry_sandbox_world_get_image_tags     (FerrySandboxWorld        *self,
                                                             const char               *image_id);
/* Adds the tag, or changes the value of the tag with that key. */
void                  ferry_sandbox_world_set_image_tag      (FerrySandboxWorld        *self,
                                                             const char               *image_id,
                                                             const char               *key,
                                                             const char               *value);
/* Nothing happens when there is no such key. */
void                  ferry_sandbox_world_delete_image_tag   (FerrySandboxWorld        *self,
                                                             const char               *image_id,
                                                             const char               *key);

/* Jobs. */
FerrySandboxJob      *ferry_sandbox_world_submit_copy        (FerrySandboxWorld        *self,
                                                             FerrySandboxJobKind       kind,
                                                             FerrySandboxImage        *source,
                                                             const char               *source_project_id,
                                                             const char               *region,
                                                             const char               *project_id,
                                                             const char               *name,
                                                             const char               *description,
                                                             const char               *agency_name,
                                                             const char               *vault_id,
                                                             const char               *cmk_id,
                                                             guint                     copy_seconds);
FerrySandboxJob      *ferry_sandbox_world_lookup_job         (FerrySandboxWorld        *self,
                                                             const char               *id);
void                  ferry_sandbox_world_get_job_progress   (FerrySandboxWorld        *self,
                                                             FerrySandboxJob          *job,
                                                             FerrySandboxJobProgress  *progress);
JsonObject           *ferry_sandbox_world_job_to_json        (FerrySandboxWorld        *self,
                                                             FerrySandboxJob          *job);
/* A share (0 to 1) of the copy jobs submitted from now on fail, each
 * decided by one draw from a GRand seeded with @seed, in the order the
 * copies are submitted. */
void                  ferry_sandbox_world_set_job_failures   (FerrySandboxWorld        *self,
                                                             double                    rate,
                                                             guint64                   seed);
/* Cross-region copies only: the service's limit of five is about them. */
guint                 ferry_sandbox_world_count_running_copies (FerrySandboxWorld      *self);
guint                 ferry_sandbox_world_get_max_concurrent_copies (FerrySandboxWorld *self);
guint                 ferry_sandbox_world_get_copies_submitted (FerrySandboxWorld      *self);
void                  ferry_sandbox_world_reset_counters     (FerrySandboxWorld        *self);

/* The private-image quota of a project (ShowImageQuota, type "image").
 * Unless set, FERRY_SANDBOX_DEFAULT_IMAGE_QUOTA above the generated
 * images of the region, so that no seed fills a project. The real
 * default is not documented; the page's example says 20 of at most 1000. */
#define FERRY_SANDBOX_DEFAULT_IMAGE_QUOTA 1000
guint                 ferry_sandbox_world_get_image_quota    (FerrySandboxWorld        *self,
                                                             const char               *project_id);
void                  ferry_sandbox_world_set_image_quota    (FerrySandboxWorld        *self,
                                                             const char               *project_id,
                                                             guint                     quota);
/* The private images @project_id holds (every status but deleted): the
 * quota's "used". */
guint                 ferry_sandbox_world_count_project_images (FerrySandboxWorld      *self,
                                                             const char               *project_id);
/* Copies into @project_id accepted whose image is not made yet: each
 * holds its place in the quota from the moment it is accepted. */
guint                 ferry_sandbox_world_count_reserved_images (FerrySandboxWorld     *self,
                                                             const char               *project_id);

/* CBR vaults. */
GPtrArray            *ferry_sandbox_world_get_vaults         (FerrySandboxWorld        *self);
FerrySandboxVault    *ferry_sandbox_world_add_vault          (FerrySandboxWorld        *self,
                                                             const char               *region,
                                                             const char               *project_id,
                                                             const char               *name,
                                                             const char               *description,
                                                             const char               *protect_type,
                                                             const char               *object_type,
                                                             const char               *consistent_level,
                                                             const char               *charging_mode,
                                                             gint64                    size);

JsonObject           *ferry_sandbox_project_to_json          (FerrySandboxWorld        *self,
                                                             FerrySandboxProject      *project);
JsonObject           *ferry_sandbox_role_to_json             (FerrySandboxRole         *role);
JsonObject           *ferry_sandbox_agency_to_json           (FerrySandboxWorld        *self,
                                                             FerrySandboxAgency       *agency);
JsonObject           *ferry_sandbox_vault_to_json            (FerrySandboxVault        *vault);

/* Time in the formats the services use. */
char                 *ferry_sandbox_format_time              (gint64                    usec);  /* 2026-01-05T08:00:00Z */
char                 *ferry_sandbox_format_time_ms           (gint64                    usec);  /* 2026-01-05T08:00:00.000Z */

/* 32 random lower-case hex digits. */
char                 *ferry_sandbox_random_hex_id            (void);

G_END_DECLS
